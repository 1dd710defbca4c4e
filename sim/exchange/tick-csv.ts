import { InvalidInstrumentIdError, instrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import { toPaise } from '#src/domain/money/paise';

/** A recorded-ticks CSV that cannot be read; `line` is 1-based in the file. */
export class TickCsvError extends Error {
  readonly code = 'TICK_CSV_INVALID';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`tick CSV line ${line}: ${reason}`);
  }
}

/** The header a tick CSV must start with. */
export const TICK_CSV_HEADER = 'ts,id,ltp,bid,ask,volume';
const COLUMN_COUNT = TICK_CSV_HEADER.split(',').length;
const EPOCH_MS = /^\d+$/;
// A zone is required: a bare local time would mean different instants on different machines.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const RUPEES = /^\d+(\.\d{1,2})?$/;
const COUNT = /^\d+$/;

function parseTs(raw: string, line: number): number {
  if (EPOCH_MS.test(raw)) return Number(raw);
  const ms = ISO_WITH_ZONE.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new TickCsvError(line, `ts "${raw}" is neither epoch ms nor an ISO-8601 time with a zone (Z or +05:30)`);
  }
  return ms;
}

function parseRupees(raw: string, column: string, line: number) {
  if (!RUPEES.test(raw)) {
    throw new TickCsvError(line, `${column} "${raw}" is not a non-negative rupee amount with at most 2 decimals`);
  }
  return toPaise(Number(raw));
}

function parseId(raw: string, line: number) {
  try {
    return instrumentId(raw);
  } catch (error) {
    if (error instanceof InvalidInstrumentIdError) throw new TickCsvError(line, error.message);
    throw error;
  }
}

function parseRow(text: string, line: number): Tick {
  const cells = text.split(',').map((c) => c.trim());
  if (cells.length !== COLUMN_COUNT) {
    throw new TickCsvError(line, `expected ${COLUMN_COUNT} columns (${TICK_CSV_HEADER}), found ${cells.length}`);
  }
  const [ts, id, ltp, bid, ask, volume] = cells as [string, string, string, string, string, string];
  if (!COUNT.test(volume)) throw new TickCsvError(line, `volume "${volume}" is not a non-negative whole number`);
  return {
    ts: parseTs(ts, line),
    id: parseId(id, line),
    ltp: parseRupees(ltp, 'ltp', line),
    bid: parseRupees(bid, 'bid', line),
    ask: parseRupees(ask, 'ask', line),
    volume: Number(volume),
  };
}

/**
 * Reads recorded ticks from CSV: a `ts,id,ltp,bid,ask,volume` header, then one tick per line with prices in
 * rupees (converted to paise) and ts as epoch ms or ISO-8601 with a zone. Blank lines are skipped; rows keep
 * file order. Throws TickCsvError naming the line and the problem.
 */
export function parseTickCsv(text: string): Tick[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new TickCsvError(1, `empty file; expected the header "${TICK_CSV_HEADER}"`);
  const header = lines[headerAt]!.replace(/^\uFEFF/, '').replace(/\s/g, '');
  if (header !== TICK_CSV_HEADER) {
    throw new TickCsvError(headerAt + 1, `header is "${header}", expected "${TICK_CSV_HEADER}"`);
  }
  const ticks: Tick[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() !== '') ticks.push(parseRow(text, i + 1));
  }
  return ticks;
}
