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

/** A layout from the auth reply's field map; names missing from it keep their §1.6 place. */
export function layoutFromFieldMap(json: string): ScripLayout {
  const map = JSON.parse(json) as { fields?: { fid?: unknown; fld?: unknown }[]; scrip?: unknown[] };
  const names = new Map((map.fields ?? []).map((f) => [String(f.fid), String(f.fld)]));
  const order = (map.scrip ?? []).map((fid) => names.get(String(fid)));
  const at = (fld: string, fallback: number) => (order.includes(fld) ? order.indexOf(fld) : fallback);
  const d = DEFAULT_LAYOUT;
  return {
    ltp: at('ltp', d.ltp),
    volume: at('v', d.volume),
    ltt: at('ltt', d.ltt),
    feedTime: at('fdtm', d.feedTime),
    bid: at('bp', d.bid),
    ask: at('sp', d.ask),
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
