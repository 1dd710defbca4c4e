/**
 * Fyers symbol master (reference/brokers.md §1.7): headerless 21-column CSVs → the catalog's broker symbol table,
 * and a SymbolResolver over those rows. Symbols are taken as the file gives them, never built by rule.
 */
import { BrokerError, type BrokerInstrument, type SymbolResolver } from '#src/brokers/contract';
import {
  formatInstrumentId,
  type Instrument,
  type InstrumentId,
  type Segment,
  instrumentId as toInstrumentId,
} from '#src/domain/instrument/instrument-id';
import { toPaise } from '#src/domain/money/paise';
import { FYERS_INDICES } from './hsm-fields';

/** The symbol-master files the platform reads. */
export type FyersMasterFile = 'NSE_FO' | 'BSE_FO' | 'MCX_COM' | 'NSE_CM' | 'BSE_CM';

/** Column positions of the headerless CSV (§1.7). */
const COL = {
  fytoken: 0,
  details: 1,
  lot: 3,
  tick: 4,
  expiryEpochS: 8,
  ticker: 9,
  exchange: 10,
  segment: 11,
  underlying: 13,
  strike: 15,
  optionType: 16,
} as const;

/** (exchange, segment) ints → platform segment (§1.4); currency derivatives are not traded. */
function platformSegment(exchange: string, segment: string, ticker: string): Segment | undefined {
  switch (`${exchange}/${segment}`) {
    case '10/10':
      return ticker.endsWith('-INDEX') ? 'NSE_INDEX' : 'NSE';
    case '12/10':
      return ticker.endsWith('-INDEX') ? 'BSE_INDEX' : 'BSE';
    case '10/11':
      return 'NFO';
    case '12/11':
      return 'BFO';
    case '11/20':
      return 'MCX';
    default:
      return undefined;
  }
}

/** Epoch seconds → the IST calendar date, YYYY-MM-DD. */
export function istDate(epochS: number): string {
  return new Date(epochS * 1000 + 330 * 60_000).toISOString().slice(0, 10);
}

function instrumentFor(cols: readonly string[], segment: Segment): Instrument | undefined {
  const ticker = cols[COL.ticker] ?? '';
  const symbol = (cols[COL.underlying] ?? '').toUpperCase();
  if (segment === 'NSE_INDEX' || segment === 'BSE_INDEX') {
    // Index ids are named after the F&O underlying (NSE_INDEX:NIFTY), which the index row does not carry.
    return { kind: 'INDEX', segment, symbol: FYERS_INDICES[ticker]?.underlying ?? symbol };
  }
  if (segment === 'NSE' || segment === 'BSE') {
    // NSE lists several series per company; the platform trades the -EQ series only.
    if (segment === 'NSE' && !ticker.endsWith('-EQ')) return undefined;
    return { kind: 'EQUITY', segment, symbol };
  }
  const expiryS = Number(cols[COL.expiryEpochS]);
  if (!Number.isFinite(expiryS) || expiryS <= 0) return undefined;
  const expiry = istDate(expiryS);
  const opt = cols[COL.optionType];
  if (opt === 'CE' || opt === 'PE') {
    return { kind: 'OPT', segment, symbol, expiry, optionType: opt, strike: Number(cols[COL.strike]) };
  }
  return { kind: 'FUT', segment, symbol, expiry };
}

/** One CSV line → a row, or undefined for lines the platform does not trade (or cannot read). */
export function parseMasterLine(line: string): BrokerInstrument | undefined {
  const cols = line.split(',');
  if (cols.length < 19) return undefined;
  const ticker = cols[COL.ticker] ?? '';
  const segment = platformSegment(cols[COL.exchange] ?? '', cols[COL.segment] ?? '', ticker);
  if (!segment) return undefined;
  const inst = instrumentFor(cols, segment);
  if (!inst) return undefined;
  let id: InstrumentId;
  try {
    id = toInstrumentId(formatInstrumentId(inst));
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'INVALID_INSTRUMENT_ID') return undefined;
    throw e;
  }
  const lotSize = Number(cols[COL.lot]);
  const tickSizePaise = toPaise(Number(cols[COL.tick]));
  if (!(lotSize > 0) || !(tickSizePaise > 0)) return undefined;
  return {
    instrumentId: id,
    brokerSymbol: ticker,
    token: cols[COL.fytoken] ?? '',
    lotSize,
    tickSizePaise,
    expiry: inst.kind === 'FUT' || inst.kind === 'OPT' ? inst.expiry : undefined,
  };
}

/** A whole master file. Duplicated instrument ids keep their first row. */
export function parseMasterCsv(csv: string): BrokerInstrument[] {
  const seen = new Set<string>();
  const rows: BrokerInstrument[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const row = line.trim() ? parseMasterLine(line.trim()) : undefined;
    if (!row || seen.has(row.instrumentId)) continue;
    seen.add(row.instrumentId);
    rows.push(row);
  }
  return rows;
}

/** Downloads and parses the configured master files. */
export async function fetchFyersInstruments(p: {
  baseUrl: string;
  files: readonly FyersMasterFile[];
  timeoutMs: number;
}): Promise<BrokerInstrument[]> {
  const all: BrokerInstrument[] = [];
  for (const file of p.files) {
    const url = `${p.baseUrl.replace(/\/$/, '')}/${file}.csv`;
    const res = await fetch(url, { signal: AbortSignal.timeout(p.timeoutMs) });
    if (!res.ok) throw new BrokerError('UNAVAILABLE', 'fyers', `symbol master ${file}: HTTP ${res.status}`);
    all.push(...parseMasterCsv(await res.text()));
  }
  return all;
}

/** The exchange prefix of a Fyers symbol ("NSE:SBIN-EQ" → "NSE"). */
const exchangeOf = (symbol: string) => symbol.slice(0, symbol.indexOf(':'));

/** A resolver over master rows: instrument id ↔ Fyers symbol and fytoken. */
export function createFyersSymbolResolver(rows: readonly BrokerInstrument[]): SymbolResolver {
  const byId = new Map<string, BrokerInstrument>();
  const byBroker = new Map<string, InstrumentId>();
  for (const r of rows) {
    byId.set(r.instrumentId, r);
    byBroker.set(r.brokerSymbol, r.instrumentId);
    if (r.token) byBroker.set(r.token, r.instrumentId);
  }
  return {
    toBroker(id) {
      const r = byId.get(id);
      if (!r) throw new BrokerError('INVALID_ORDER', 'fyers', `${id} is not in the Fyers symbol master`);
      return { symbol: r.brokerSymbol, token: r.token, exchange: exchangeOf(r.brokerSymbol) };
    },
    fromBroker: (symbolOrToken) => byBroker.get(symbolOrToken),
  };
}
