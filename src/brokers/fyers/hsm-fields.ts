/** HSM scrip fields (reference/brokers.md §1.6): their order, where the server's field map puts them, topics and prices. */

/** One scrip's state after a frame: its topic and its latest values (null where never sent). */
export interface HsmScrip {
  readonly topicId: number;
  readonly topic: string;
  readonly multiplier: number;
  readonly precision: number;
  readonly values: (number | null)[];
}

/** Scrip (`sf`) field order. */
export const SF_FIELDS = [
  'ltp',
  'vol_traded_today',
  'last_traded_time',
  'exch_feed_time',
  'bid_size',
  'ask_size',
  'bid_price',
  'ask_price',
  'last_traded_qty',
  'tot_buy_qty',
  'tot_sell_qty',
  'avg_trade_price',
  'OI',
  'low_price',
  'high_price',
  'Yhigh',
  'Ylow',
  'lower_ckt',
  'upper_ckt',
  'open_price',
  'prev_close_price',
] as const;
/** Where a scrip's values sit: the §1.6 order unless the server's field map says otherwise. */
export interface ScripLayout {
  readonly ltp: number;
  readonly volume: number;
  readonly ltt: number;
  readonly feedTime: number;
  readonly bid: number;
  readonly ask: number;
}
const sf = (name: (typeof SF_FIELDS)[number]) => SF_FIELDS.indexOf(name);
export const DEFAULT_LAYOUT: ScripLayout = {
  ltp: sf('ltp'),
  volume: sf('vol_traded_today'),
  ltt: sf('last_traded_time'),
  feedTime: sf('exch_feed_time'),
  bid: sf('bid_price'),
  ask: sf('ask_price'),
};

/** Where an index's values sit (`if` topics). */
export interface IndexLayout {
  readonly ltp: number;
  readonly feedTime: number;
}
export const DEFAULT_INDEX_LAYOUT: IndexLayout = { ltp: 0, feedTime: 2 };

/** Both layouts, from the auth reply's field map; names missing from it keep their §1.6 place. */
export function layoutFromFieldMap(json: string): { scrip: ScripLayout; index: IndexLayout } {
  const map = JSON.parse(json) as { fields?: { fid?: unknown; fld?: unknown }[]; scrip?: unknown[]; index?: unknown[] };
  const names = new Map((map.fields ?? []).map((f) => [String(f.fid), String(f.fld)]));
  const finder = (list: unknown[] | undefined) => {
    const order = (list ?? []).map((fid) => names.get(String(fid)));
    return (fld: string, fallback: number) => (order.includes(fld) ? order.indexOf(fld) : fallback);
  };
  const sf = finder(map.scrip);
  const idx = finder(map.index);
  const d = DEFAULT_LAYOUT;
  return {
    scrip: {
      ltp: sf('ltp', d.ltp),
      volume: sf('v', d.volume),
      ltt: sf('ltt', d.ltt),
      feedTime: sf('fdtm', d.feedTime),
      bid: sf('bp', d.bid),
      ask: sf('sp', d.ask),
    },
    index: { ltp: idx('iv', DEFAULT_INDEX_LAYOUT.ltp), feedTime: idx('tvalue', DEFAULT_INDEX_LAYOUT.feedTime) },
  };
}

/** Index (`if`) field order. */
export const IF_FIELDS = [
  'ltp',
  'prev_close_price',
  'exch_feed_time',
  'high_price',
  'low_price',
  'open_price',
] as const;

/** fytoken[:4] → HSM segment name (§1.6). */
export function hsmSegment(fytoken: string): string | undefined {
  switch (fytoken.slice(0, 4)) {
    case '1010':
      return 'nse_cm';
    case '1011':
      return 'nse_fo';
    case '1120':
      return 'mcx_fo';
    case '1210':
      return 'bse_cm';
    case '1211':
      return 'bse_fo';
    case '1012':
      return 'cde_fo';
    default:
      return undefined;
  }
}

/**
 * The F&O underlyings' indices: Fyers symbol (§1.7 symbology) → the platform's underlying and the index name the
 * HSM feed uses in `if|<seg>|<name>` topics (names as the official fyers-api-v3 client's HSM mapper lists them).
 */
export const FYERS_INDICES: Readonly<Record<string, { readonly underlying: string; readonly hsmName: string }>> = {
  'NSE:NIFTY50-INDEX': { underlying: 'NIFTY', hsmName: 'Nifty 50' },
  'NSE:NIFTYBANK-INDEX': { underlying: 'BANKNIFTY', hsmName: 'Nifty Bank' },
  'NSE:FINNIFTY-INDEX': { underlying: 'FINNIFTY', hsmName: 'Nifty Fin Service' },
  'NSE:MIDCPNIFTY-INDEX': { underlying: 'MIDCPNIFTY', hsmName: 'NIFTY MID SELECT' },
  'NSE:NIFTYNXT50-INDEX': { underlying: 'NIFTYNXT50', hsmName: 'Nifty Next 50' },
  'NSE:INDIAVIX-INDEX': { underlying: 'INDIAVIX', hsmName: 'India VIX' },
  'BSE:SENSEX-INDEX': { underlying: 'SENSEX', hsmName: 'SENSEX' },
  'BSE:BANKEX-INDEX': { underlying: 'BANKEX', hsmName: 'BANKEX' },
};

/** The feed topic of an instrument: `if|<seg>|<name>` for a known index, else the quote topic of its fytoken. */
export function feedTopic(symbol: string, fytoken: string): string | undefined {
  const index = FYERS_INDICES[symbol];
  if (!index) return scripTopic(fytoken);
  const seg = hsmSegment(fytoken);
  return seg ? `if|${seg}|${index.hsmName}` : undefined;
}

/** The quote topic of a fytoken: `sf|<seg>|<fytoken[10:]>`. */
export function scripTopic(fytoken: string): string | undefined {
  const seg = hsmSegment(fytoken);
  return seg ? `sf|${seg}|${fytoken.slice(10)}` : undefined;
}

/** A price field in paise: the wire int is rupees × multiplier × 10^precision. */
export function hsmPaise(
  value: number | null | undefined,
  s: Pick<HsmScrip, 'multiplier' | 'precision'>,
): number | undefined {
  if (value === null || value === undefined) return undefined;
  return Math.round((value * 100) / (s.multiplier * 10 ** s.precision));
}
