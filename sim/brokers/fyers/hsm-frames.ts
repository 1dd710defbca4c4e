/** Scrip blocks of HSM data frames (reference/brokers.md §1.6): snapshot (83), update (85) and lite (76). */
import type { SimInstrument, SimQuote } from './types';

const NULL = -2147483648;

export interface HsmTopic {
  readonly id: number;
  readonly name: string;
  readonly inst: SimInstrument | undefined;
  readonly channel: number;
}
export interface HsmTopicState extends HsmTopic {
  snapshotSent: boolean;
}

const str = (s: string) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);

function int32s(values: readonly number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => {
    b.writeInt32BE(v, i * 4);
  });
  return b;
}

/**
 * The field map sent in the auth reply (field 3): each value's id, the name the official npm client turns it
 * into (`ltp`, `v`, `bp` …), and how to read it. The scrip order is §1.6's; f101–f105 are the values the client
 * computes itself (change, % change, turnover), which it expects the map to name.
 */
export const FIELD_MAP = (() => {
  const scrip: [string, string, string][] = [
    ['s105', 'ltp', 'ConvNumber'],
    ['s104', 'v', 'Number'],
    ['s106', 'ltt', 'timestamp'],
    ['s107', 'fdtm', 'timestamp'],
    ['s108', 'bq', 'Number'],
    ['s109', 'bs', 'Number'],
    ['s110', 'bp', 'ConvNumber'],
    ['s111', 'sp', 'ConvNumber'],
    ['s112', 'ltq', 'Number'],
    ['s114', 'tbq', 'Number'],
    ['s115', 'tsq', 'Number'],
    ['s113', 'ap', 'ConvNumber'],
    ['s116', 'oi', 'Number'],
    ['s117', 'lo', 'ConvNumber'],
    ['s118', 'h', 'ConvNumber'],
    ['s119', 'yh', 'ConvNumber'],
    ['s120', 'yl', 'ConvNumber'],
    ['s122', 'lc', 'ConvNumber'],
    ['s123', 'uc', 'ConvNumber'],
    ['s124', 'op', 'ConvNumber'],
    ['s121', 'c', 'ConvNumber'],
  ];
  const index: [string, string, string][] = [
    ['i102', 'iv', 'ConvNumber'],
    ['i103', 'ic', 'ConvNumber'],
    ['i104', 'tvalue', 'timestamp'],
    ['i105', 'highPrice', 'ConvNumber'],
    ['i106', 'lowPrice', 'ConvNumber'],
    ['i107', 'openingPrice', 'ConvNumber'],
  ];
  const computed: [string, string, string][] = [
    ['f101', 'cng', 'ConvNumber'],
    ['f102', 'nc', 'ConvNumber'],
    ['f103', 'to', 'ConvNumber'],
    ['f104', 'cng', 'ConvNumber'],
    ['f105', 'nc', 'ConvNumber'],
  ];
  const fields = [...scrip, ...index, ...computed].map(([fid, fld, dataType]) => ({
    fid,
    fld,
    dataType,
    details: fld,
  }));
  return JSON.stringify({
    fields,
    scrip: scrip.map(([fid]) => fid),
    index: index.map(([fid]) => fid),
    depth: [],
    scrip_lite: { hfid: 1 },
    index_lite: { hfid: 1 },
  });
})();

/** Scrip field values in §1.6 order; prices in paise, i.e. multiplier 1 and precision 2. */
function sfValues(q: SimQuote, nowS: number): number[] {
  const v = [q.ltpPaise, q.volume ?? 0, nowS, nowS, 75, 75, q.bidPaise, q.askPaise, 75, NULL, NULL, q.ltpPaise];
  return [...v, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL];
}

/** Index field values in §1.6 order (ltp, prev close, feed time, high, low, open). */
function ifValues(q: SimQuote, nowS: number): number[] {
  return [q.ltpPaise, NULL, nowS, NULL, NULL, NULL];
}

/** The next block for a topic: its snapshot the first time, then updates (LTP-only in lite mode). */
export function scripBlock(t: HsmTopicState, q: SimQuote, o: { nowS: number; lite: boolean }): Buffer {
  const id = Buffer.alloc(2);
  id.writeUInt16BE(t.id);
  if (t.snapshotSent && o.lite) return Buffer.concat([Buffer.from([76]), id, int32s([q.ltpPaise])]);
  const values = int32s(t.name.startsWith('if|') ? ifValues(q, o.nowS) : sfValues(q, o.nowS));
  const count = Buffer.from([values.length / 4]);
  if (t.snapshotSent) return Buffer.concat([Buffer.from([85]), id, count, values]);
  t.snapshotSent = true;
  const tail = Buffer.from([0, 0, 0, 1, 2]); // 2 skipped bytes, u16 multiplier 1, u8 precision 2
  // Strings: exchange, the topic's key (exchange token, or the index name) and the trading symbol.
  const inst = t.inst;
  const exchange = inst ? (inst.symbol.split(':')[0] ?? '') : '';
  const key = t.name.split('|')[2] ?? '';
  const names = Buffer.concat([str(exchange), str(key), str(inst?.symbol ?? '')]);
  return Buffer.concat([Buffer.from([83]), id, str(t.name), count, values, tail, names]);
}
