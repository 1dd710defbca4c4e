/**
 * The binary HSM market-data protocol (reference/brokers.md §1.6). Big-endian throughout. Frames start with a
 * u16 length (of the bytes that follow it) and a u8 type: 1 auth, 4 subscribe, 5 unsubscribe, 6 data.
 * Where §1.6 leaves a detail open it is fixed here and the simulator speaks the same:
 *   - replies to auth (1) and subscribe (4) are `len | type | u8 fieldCount=1 | u8 id=1 | u16 1 | 'K' or 'N'`;
 *   - bytes [3:7] of a data frame are a u32 sequence number, and an unknown scrip data type ends the frame.
 */

/** The null value of an int32 field. */
export const HSM_NULL = -2147483648;
/** Data types of a scrip inside a data frame. */
export const HSM_SNAPSHOT = 83;
export const HSM_UPDATE = 85;

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

function field(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt8(id, 0);
  head.writeUInt16BE(value.length, 1);
  return Buffer.concat([head, value]);
}

function frame(type: number, fields: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from([type, fields.length]), ...fields]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length, 0);
  return Buffer.concat([len, body]);
}

/** Auth request: hsm_key, mode "P", flag 1 and the source string. */
export function encodeAuth(hsmKey: string, source: string): Buffer {
  return frame(1, [
    field(1, Buffer.from(hsmKey, 'utf8')),
    field(2, Buffer.from('P')),
    field(3, Buffer.from([1])),
    field(4, Buffer.from(source, 'utf8')),
  ]);
}

/** Subscribe (type 4) or unsubscribe (type 5) to topics on a channel (default 11). */
export function encodeTopics(type: 4 | 5, topics: readonly string[], channel = 11): Buffer {
  const count = Buffer.alloc(2);
  count.writeUInt16BE(topics.length, 0);
  const list = topics.map((t) => Buffer.concat([Buffer.from([Buffer.byteLength(t)]), Buffer.from(t, 'ascii')]));
  return frame(type, [field(1, Buffer.concat([count, ...list])), field(2, Buffer.from([channel]))]);
}

/** One scrip's state after a frame: its topic and its latest values (null where never sent). */
export interface HsmScrip {
  readonly topicId: number;
  readonly topic: string;
  readonly multiplier: number;
  readonly precision: number;
  readonly values: (number | null)[];
}

/** A decoded server frame. */
export type HsmMessage =
  | { readonly kind: 'ack'; readonly type: number; readonly ok: boolean }
  | { readonly kind: 'data'; readonly scrips: HsmScrip[] }
  | { readonly kind: 'other'; readonly type: number };

/** Decodes server frames, remembering snapshots so later updates can be applied to them. */
export function createHsmDecoder() {
  const topics = new Map<number, HsmScrip>();

  const readValues = (buf: Buffer, at: number, n: number): (number | null)[] => {
    const out: (number | null)[] = [];
    for (let i = 0; i < n; i++) {
      const v = buf.readInt32BE(at + i * 4);
      out.push(v === HSM_NULL ? null : v);
    }
    return out;
  };
  const readString = (buf: Buffer, at: number): [string, number] => {
    const len = buf.readUInt8(at);
    return [buf.toString('utf8', at + 1, at + 1 + len), at + 1 + len];
  };

  const snapshot = (buf: Buffer, start: number): [HsmScrip, number] => {
    let at = start;
    const topicId = buf.readUInt16BE(at);
    const [topic, afterName] = readString(buf, at + 2);
    const n = buf.readUInt8(afterName);
    const values = readValues(buf, afterName + 1, n);
    at = afterName + 1 + n * 4 + 2; // two bytes the protocol skips
    const multiplier = buf.readUInt16BE(at);
    const precision = buf.readUInt8(at + 2);
    at += 3;
    for (let i = 0; i < 3; i++) at = readString(buf, at)[1]; // exchange, exchange token, symbol
    const scrip = { topicId, topic, multiplier: multiplier || 100, precision, values };
    topics.set(topicId, scrip);
    return [scrip, at];
  };

  const update = (buf: Buffer, start: number): [HsmScrip | undefined, number] => {
    const topicId = buf.readUInt16BE(start);
    const n = buf.readUInt8(start + 2);
    const values = readValues(buf, start + 3, n);
    const known = topics.get(topicId);
    if (!known) return [undefined, start + 3 + n * 4];
    values.forEach((v, i) => {
      if (v !== null) known.values[i] = v;
    });
    return [known, start + 3 + n * 4];
  };

  const data = (buf: Buffer): HsmScrip[] => {
    const count = buf.readUInt16BE(7);
    const out: HsmScrip[] = [];
    let at = 9;
    for (let i = 0; i < count && at < buf.length; i++) {
      const kind = buf.readUInt8(at);
      if (kind !== HSM_SNAPSHOT && kind !== HSM_UPDATE) break;
      const [scrip, next] = kind === HSM_SNAPSHOT ? snapshot(buf, at + 1) : update(buf, at + 1);
      if (scrip) out.push({ ...scrip, values: [...scrip.values] });
      at = next;
    }
    return out;
  };

  return {
    decode(buf: Buffer): HsmMessage {
      const type = buf.readUInt8(2);
      if (type === 6) return { kind: 'data', scrips: data(buf) };
      if (type === 1 || type === 4 || type === 5) {
        const ok = buf.length >= 8 && String.fromCharCode(buf.readUInt8(7)) === 'K';
        return { kind: 'ack', type, ok };
      }
      return { kind: 'other', type };
    },
    reset: () => topics.clear(),
  };
}

/** A price field in paise: the wire int is rupees × multiplier (defaults 100/2 per §1.6, so usually paise as is). */
export function hsmPaise(value: number | null | undefined, multiplier: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  return Math.round((value * 100) / multiplier);
}
