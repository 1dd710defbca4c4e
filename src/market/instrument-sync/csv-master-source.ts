import { readFile } from 'node:fs/promises';
import type { InstrumentId, Segment } from '#src/domain/instrument';
import type { InstrumentMasterSource, MasterRow, MasterTarget } from './master-source';

/** The columns of the platform's own master CSV (the first line is this header). */
export const MASTER_CSV_HEADER = [
  'instrument_id',
  'lot_size',
  'tick_size_paise',
  'freeze_qty',
  'broker_symbol',
  'token',
  'exchange_code',
] as const;

/** Thrown when a master CSV is malformed; a sync treats it as a failed download. */
export class InvalidMasterCsvError extends Error {
  readonly code = 'INVALID_MASTER_CSV';
}

const optionalInt = (text: string | undefined) => (text === undefined || text === '' ? undefined : Number(text));

/** Parses a master CSV (no quoting: ids, symbols and numbers never contain commas). Throws on any bad line. */
export function parseMasterCsv(text: string): MasterRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== MASTER_CSV_HEADER.join(',')) {
    throw new InvalidMasterCsvError(`master CSV must start with the header ${MASTER_CSV_HEADER.join(',')}`);
  }
  return lines.slice(1).map((line, i) => parseLine(line, i + 2));
}

function parseLine(line: string, lineNo: number): MasterRow {
  const [id = '', lot, tick, freeze, symbol, token, exchangeCode] = line.split(',').map((c) => c.trim());
  const fail = (why: string): never => {
    throw new InvalidMasterCsvError(`master CSV line ${lineNo}: ${why}`);
  };
  const lotSize = Number(lot);
  const tickSizePaise = Number(tick);
  const freezeQty = optionalInt(freeze);
  if (!Number.isInteger(lotSize) || lotSize <= 0) fail(`bad lot_size "${lot}"`);
  if (!Number.isInteger(tickSizePaise) || tickSizePaise <= 0) fail(`bad tick_size_paise "${tick}"`);
  if (freezeQty !== undefined && !Number.isInteger(freezeQty)) fail(`bad freeze_qty "${freeze}"`);
  return {
    instrumentId: id as InstrumentId,
    lotSize,
    tickSizePaise,
    freezeQty,
    broker: symbol ? { symbol, token: token ?? '', exchangeCode: exchangeCode || undefined } : undefined,
  };
}

/** Formats rows as a master CSV (used to write fixtures and exports). */
export function formatMasterCsv(rows: readonly MasterRow[]): string {
  const line = (r: MasterRow) =>
    [r.instrumentId, r.lotSize, r.tickSizePaise, r.freezeQty ?? '', r.broker?.symbol ?? '', r.broker?.token ?? '']
      .concat(r.broker?.exchangeCode ?? '')
      .join(',');
  return `${[MASTER_CSV_HEADER.join(','), ...rows.map(line)].join('\n')}\n`;
}

/** A master CSV on disk as a sync source (the fixture source; also how an operator loads a master by hand). */
export function csvMasterSource(opts: {
  name: string;
  file: string;
  target?: MasterTarget | undefined;
  segments: readonly Segment[];
  requiredUnderlyings: readonly string[];
}): InstrumentMasterSource {
  return {
    name: opts.name,
    target: opts.target ?? { kind: 'catalog' },
    segments: opts.segments,
    requiredUnderlyings: opts.requiredUnderlyings,
    download: async () => parseMasterCsv(await readFile(opts.file, 'utf8')),
  };
}
