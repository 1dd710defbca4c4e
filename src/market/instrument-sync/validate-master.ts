import { type Instrument, InvalidInstrumentIdError, parseInstrumentId, type Segment } from '#src/domain/instrument';
import type { InstrumentMasterSource, MasterRow } from './master-source';

/** A master row with its parsed id. */
export interface ParsedRow extends MasterRow {
  readonly instrument: Instrument;
}

/** The outcome of validating a download: the rows per segment, or every reason to refuse it. */
export type MasterValidation =
  | { readonly ok: true; readonly bySegment: ReadonlyMap<Segment, readonly ParsedRow[]>; readonly ignored: number }
  | { readonly ok: false; readonly errors: readonly string[]; readonly segmentErrors: ReadonlyMap<Segment, string> };

// A segment shrinking below half its last good size is far more likely a truncated download than delistings.
const MIN_FRACTION_OF_LAST_GOOD = 0.5;

/**
 * Checks a download before it may replace the last good copy: ids parse and are unique, lot and tick are
 * positive integers, broker rows carry broker names, every expected segment is present with at least half the
 * rows of its last good copy, and every required underlying is listed. Pure.
 */
export function validateMaster(
  source: Pick<InstrumentMasterSource, 'segments' | 'requiredUnderlyings' | 'target'>,
  rows: readonly MasterRow[],
  lastGood: ReadonlyMap<Segment, number>,
): MasterValidation {
  const errors: string[] = [];
  const segmentErrors = new Map<Segment, string>();
  const { bySegment, ignored } = groupRows(source, rows, errors);
  for (const segment of source.segments) {
    const count = bySegment.get(segment)?.length ?? 0;
    const previous = lastGood.get(segment) ?? 0;
    if (count === 0) segmentErrors.set(segment, `segment ${segment} is missing from the download`);
    else if (count < previous * MIN_FRACTION_OF_LAST_GOOD) {
      segmentErrors.set(segment, `segment ${segment} has ${count} rows, fewer than half of the last good ${previous}`);
    }
  }
  const listed = new Set([...bySegment.values()].flat().map((r) => r.instrument.symbol));
  const absent = source.requiredUnderlyings.filter((u) => !listed.has(u));
  if (absent.length > 0) errors.push(`required underlyings missing: ${absent.join(', ')}`);
  errors.push(...segmentErrors.values());
  return errors.length > 0 ? { ok: false, errors, segmentErrors } : { ok: true, bySegment, ignored };
}

function groupRows(
  source: Pick<InstrumentMasterSource, 'segments' | 'target'>,
  rows: readonly MasterRow[],
  errors: string[],
) {
  const bySegment = new Map<Segment, ParsedRow[]>();
  const seen = new Set<string>();
  let ignored = 0;
  for (const row of rows) {
    const problem = rowProblem(source, row, seen);
    if (problem) {
      if (errors.length < 20) errors.push(problem);
      continue;
    }
    seen.add(row.instrumentId);
    const instrument = parseInstrumentId(row.instrumentId);
    if (!source.segments.includes(instrument.segment)) {
      ignored++;
      continue;
    }
    const list = bySegment.get(instrument.segment) ?? [];
    list.push({ ...row, instrument });
    bySegment.set(instrument.segment, list);
  }
  return { bySegment, ignored };
}

function rowProblem(
  source: Pick<InstrumentMasterSource, 'target'>,
  row: MasterRow,
  seen: ReadonlySet<string>,
): string | undefined {
  try {
    parseInstrumentId(row.instrumentId);
  } catch (err) {
    if (err instanceof InvalidInstrumentIdError) return err.message;
    throw err;
  }
  if (seen.has(row.instrumentId)) return `duplicate instrument id ${row.instrumentId}`;
  if (!Number.isInteger(row.lotSize) || row.lotSize <= 0) return `${row.instrumentId}: bad lot size ${row.lotSize}`;
  if (!Number.isInteger(row.tickSizePaise) || row.tickSizePaise <= 0) {
    return `${row.instrumentId}: bad tick size ${row.tickSizePaise}`;
  }
  if (source.target.kind === 'broker' && !row.broker?.symbol) return `${row.instrumentId}: no broker symbol`;
  return undefined;
}
