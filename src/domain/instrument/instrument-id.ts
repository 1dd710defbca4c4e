/**
 * The platform's one structural instrument key. Broker symbols never appear past the adapters.
 *   index:   NSE_INDEX:NIFTY
 *   cash:    NSE:RELIANCE
 *   future:  MCX:CRUDEOIL:2026-12-18:FUT
 *   option:  NFO:NIFTY:2026-12-01:CE:24000
 */
export type InstrumentId = string & { readonly __brand: 'InstrumentId' };

export const SEGMENTS = ['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'NSE_INDEX', 'BSE_INDEX', 'MCX_INDEX'] as const;
export type Segment = (typeof SEGMENTS)[number];
export type OptionType = 'CE' | 'PE';

export type Instrument =
  | { readonly kind: 'INDEX' | 'EQUITY'; readonly segment: Segment; readonly symbol: string }
  | { readonly kind: 'FUT'; readonly segment: Segment; readonly symbol: string; readonly expiry: string }
  | {
      readonly kind: 'OPT';
      readonly segment: Segment;
      readonly symbol: string;
      readonly expiry: string;
      readonly optionType: OptionType;
      readonly strike: number;
    };

const SYMBOL = /^[A-Z0-9&_-]{1,32}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Thrown when a string is not a well-formed instrument id. */
export class InvalidInstrumentIdError extends Error {
  readonly code = 'INVALID_INSTRUMENT_ID';
}

function isSegment(s: string | undefined): s is Segment {
  return (SEGMENTS as readonly string[]).includes(s ?? '');
}

function isValidDate(s: string | undefined): s is string {
  if (!s || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Parses an instrument id; throws InvalidInstrumentIdError with a reason a person can act on. */
export function parseInstrumentId(raw: string): Instrument {
  const fail = (why: string): never => {
    throw new InvalidInstrumentIdError(`invalid instrument id "${raw}": ${why}`);
  };
  const parts = raw.split(':');
  const [segment, symbol, expiry, kind, strike] = parts;
  if (!isSegment(segment)) fail(`unknown segment "${segment}" (expected one of ${SEGMENTS.join(', ')})`);
  if (!symbol || !SYMBOL.test(symbol)) fail(`bad symbol "${symbol ?? ''}"`);
  const seg = segment as Segment;
  const sym = symbol as string;
  if (parts.length === 2) return { kind: seg.endsWith('_INDEX') ? 'INDEX' : 'EQUITY', segment: seg, symbol: sym };
  if (seg.endsWith('_INDEX') || seg === 'NSE' || seg === 'BSE') fail(`segment ${seg} has no derivatives`);
  if (!isValidDate(expiry)) fail(`bad expiry date "${expiry}" (expected YYYY-MM-DD)`);
  const exp = expiry as string;
  if (parts.length === 4 && kind === 'FUT') return { kind: 'FUT', segment: seg, symbol: sym, expiry: exp };
  if (parts.length === 5 && (kind === 'CE' || kind === 'PE')) {
    const k = Number(strike);
    if (!strike || !Number.isFinite(k) || k <= 0) fail(`bad strike "${strike}"`);
    return { kind: 'OPT', segment: seg, symbol: sym, expiry: exp, optionType: kind, strike: k };
  }
  return fail('expected SEGMENT:SYMBOL, SEGMENT:SYMBOL:YYYY-MM-DD:FUT or SEGMENT:SYMBOL:YYYY-MM-DD:CE|PE:STRIKE');
}

/** Formats an instrument as its id. */
export function formatInstrumentId(i: Instrument): InstrumentId {
  switch (i.kind) {
    case 'INDEX':
    case 'EQUITY':
      return `${i.segment}:${i.symbol}` as InstrumentId;
    case 'FUT':
      return `${i.segment}:${i.symbol}:${i.expiry}:FUT` as InstrumentId;
    case 'OPT':
      return `${i.segment}:${i.symbol}:${i.expiry}:${i.optionType}:${i.strike}` as InstrumentId;
  }
}

/** Validates and brands a string as an InstrumentId (round-trips through the parser). */
export function instrumentId(raw: string): InstrumentId {
  return formatInstrumentId(parseInstrumentId(raw));
}

/** Builds an option id. */
export function optionId(p: {
  segment: Segment;
  symbol: string;
  expiry: string;
  optionType: OptionType;
  strike: number;
}): InstrumentId {
  return formatInstrumentId({ kind: 'OPT', ...p });
}

/** The characters an instrument id can hold: a segment, then symbols, dates, CE/PE/FUT and strikes. */
const ID_ALPHABET = /^[A-Z_]+:[A-Z0-9&_.:-]+$/;

/**
 * A cheap check, without a full parse, that a string has an instrument id's alphabet: what hot paths (the
 * feed's tick gate) can afford per tick. It does not prove the id valid; `parseInstrumentId` does.
 */
export function hasInstrumentIdShape(s: unknown): s is InstrumentId {
  return typeof s === 'string' && ID_ALPHABET.test(s);
}

/** The segment part of an id, without a full parse. */
export function segmentOf(id: InstrumentId): Segment {
  return id.slice(0, id.indexOf(':')) as Segment;
}
