/** The simulator's listed instruments and their symbol-master CSV rows (reference/brokers.md §1.7). */
import type { SimInstrument } from './types';

const WEEKLY_MONTH = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'];
const MON = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const EXCHANGE = { NSE: 10, MCX: 11, BSE: 12 } as const;

/** 15:30 IST on an expiry date, epoch seconds (the real row's expiry column, §1.7). */
function expiryEpochS(date: string): number {
  return Date.parse(`${date}T15:30:00+05:30`) / 1000;
}

function parts(date: string) {
  const [y, m, d] = date.split('-');
  return { yy: (y ?? '').slice(2), m: Number(m), dd: d ?? '', yymmdd: `${(y ?? '').slice(2)}${m}${d}` };
}

/** An index or stock option. Weekly contracts use the `<YY><M><DD>` symbol form, monthly `<YY><MMM>` (§1.7). */
export function simOption(p: {
  exchange: 'NSE' | 'BSE';
  underlying: string;
  expiry: string;
  strike: number;
  optionType: 'CE' | 'PE';
  exToken: string;
  lotSize: number;
  weekly?: boolean;
  tickSize?: number;
}): SimInstrument {
  const d = parts(p.expiry);
  const exch = EXCHANGE[p.exchange];
  const code = p.weekly === false ? `${d.yy}${MON[d.m - 1]}` : `${d.yy}${WEEKLY_MONTH[d.m - 1]}${d.dd}`;
  return {
    instrumentId: `${p.exchange === 'NSE' ? 'NFO' : 'BFO'}:${p.underlying}:${p.expiry}:${p.optionType}:${p.strike}`,
    fytoken: `${exch}11${d.yymmdd}${p.exToken}`,
    details: `${p.underlying} ${d.dd} ${MON[d.m - 1]?.slice(0, 1)}${MON[d.m - 1]?.slice(1).toLowerCase()} ${d.yy} ${p.strike} ${p.optionType}`,
    exchInstType: 14,
    lotSize: p.lotSize,
    tickSize: p.tickSize ?? 0.05,
    isin: '',
    expiryEpochS: expiryEpochS(p.expiry),
    symbol: `${p.exchange}:${p.underlying}${code}${p.strike}${p.optionType}`,
    exchange: exch,
    segment: 11,
    scripCode: p.exToken,
    underlying: p.underlying,
    underlyingScripCode: '26000',
    strike: p.strike,
    optionType: p.optionType,
    underlyingFytoken: `${exch}10000000026000`,
  };
}

/** A future on NSE or MCX: `<EX>:<UND><YY><MMM>FUT`. */
export function simFuture(p: {
  exchange: 'NSE' | 'MCX';
  underlying: string;
  expiry: string;
  exToken: string;
  lotSize: number;
  tickSize?: number;
}): SimInstrument {
  const d = parts(p.expiry);
  const exch = EXCHANGE[p.exchange];
  const segment = p.exchange === 'MCX' ? 20 : 11;
  return {
    instrumentId: `${p.exchange === 'NSE' ? 'NFO' : 'MCX'}:${p.underlying}:${p.expiry}:FUT`,
    fytoken: `${exch}${segment}${d.yymmdd}${p.exToken}`,
    details: `${p.underlying} ${d.yy} ${MON[d.m - 1]} FUT`,
    exchInstType: p.exchange === 'MCX' ? 30 : 11,
    lotSize: p.lotSize,
    tickSize: p.tickSize ?? (p.exchange === 'MCX' ? 1 : 0.1),
    isin: '',
    expiryEpochS: expiryEpochS(p.expiry),
    symbol: `${p.exchange}:${p.underlying}${d.yy}${MON[d.m - 1]}FUT`,
    exchange: exch,
    segment,
    scripCode: p.exToken,
    underlying: p.underlying,
    underlyingScripCode: '',
    strike: -1,
    optionType: 'XX',
    underlyingFytoken: '',
  };
}

/** An NSE equity, `NSE:<SYM>-EQ`. */
export function simEquity(p: { symbol: string; exToken: string; isin: string; name: string }): SimInstrument {
  return {
    instrumentId: `NSE:${p.symbol}`,
    fytoken: `1010000000${p.exToken}`,
    details: p.name,
    exchInstType: 0,
    lotSize: 1,
    tickSize: 0.1,
    isin: p.isin,
    expiryEpochS: 0,
    symbol: `NSE:${p.symbol}-EQ`,
    exchange: 10,
    segment: 10,
    scripCode: p.exToken,
    underlying: p.symbol,
    underlyingScripCode: '',
    strike: -1,
    optionType: 'XX',
    underlyingFytoken: '',
  };
}

/** An index, `<EX>:<NAME>-INDEX`, fed on `if|<seg>|<hsmName>` topics. */
export function simIndex(p: {
  exchange: 'NSE' | 'BSE';
  name: string;
  underlying: string;
  hsmName: string;
  exToken: string;
}): SimInstrument {
  const exch = EXCHANGE[p.exchange];
  return {
    instrumentId: `${p.exchange}_INDEX:${p.underlying}`,
    fytoken: `${exch}10000000${p.exToken}`,
    details: p.hsmName.toUpperCase(),
    exchInstType: 10,
    lotSize: 1,
    tickSize: 0.05,
    isin: '',
    expiryEpochS: 0,
    symbol: `${p.exchange}:${p.name}-INDEX`,
    exchange: exch,
    segment: 10,
    scripCode: p.exToken,
    underlying: p.underlying,
    underlyingScripCode: p.exToken,
    strike: -1,
    optionType: 'XX',
    underlyingFytoken: `${exch}10000000${p.exToken}`,
    hsmIndexName: p.hsmName,
  };
}

/** A small default listing: NIFTY weekly options, future and index, a SENSEX option, crude oil and two stocks. */
export const DEFAULT_SIM_INSTRUMENTS: readonly SimInstrument[] = [
  simOption({
    exchange: 'NSE',
    underlying: 'NIFTY',
    expiry: '2026-12-01',
    strike: 24000,
    optionType: 'CE',
    exToken: '35426',
    lotSize: 65,
  }),
  simOption({
    exchange: 'NSE',
    underlying: 'NIFTY',
    expiry: '2026-12-01',
    strike: 24000,
    optionType: 'PE',
    exToken: '35427',
    lotSize: 65,
  }),
  simFuture({ exchange: 'NSE', underlying: 'NIFTY', expiry: '2026-12-29', exToken: '35001', lotSize: 65 }),
  simOption({
    exchange: 'BSE',
    underlying: 'SENSEX',
    expiry: '2026-12-03',
    strike: 80000,
    optionType: 'CE',
    exToken: '845001',
    lotSize: 20,
  }),
  simFuture({ exchange: 'MCX', underlying: 'CRUDEOIL', expiry: '2026-12-18', exToken: '472789', lotSize: 100 }),
  simEquity({ symbol: 'INFY', exToken: '1594', isin: 'INE009A01021', name: 'INFOSYS LIMITED' }),
  simIndex({ exchange: 'NSE', name: 'NIFTY50', underlying: 'NIFTY', hsmName: 'Nifty 50', exToken: '26000' }),
  simEquity({ symbol: 'SBIN', exToken: '3045', isin: 'INE062A01020', name: 'STATE BANK OF INDIA' }),
];

/** The master file an instrument belongs to. */
export function masterFileOf(i: SimInstrument): string {
  const ex = i.exchange === 10 ? 'NSE' : i.exchange === 12 ? 'BSE' : 'MCX';
  return i.segment === 20 ? 'MCX_COM' : `${ex}_${i.segment === 10 ? 'CM' : 'FO'}`;
}

/** One headerless 21-column CSV row. */
export function masterRow(i: SimInstrument, updated: string): string {
  const strike = i.strike > 0 ? i.strike.toFixed(1) : '-1.0';
  return [
    i.fytoken,
    i.details,
    i.exchInstType,
    i.lotSize,
    i.tickSize,
    i.isin,
    '0915-1530|1815-1915:',
    updated,
    i.expiryEpochS || '',
    i.symbol,
    i.exchange,
    i.segment,
    i.scripCode,
    i.underlying,
    i.underlyingScripCode,
    strike,
    i.optionType,
    i.underlyingFytoken,
    'None',
    '0',
    '0.0',
  ].join(',');
}
