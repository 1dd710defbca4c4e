/**
 * The binary HSM market-data protocol (reference/brokers.md §1.6). Big-endian throughout. Frames start with a
 * u16 length (of the bytes that follow it) and a u8 type: 1 auth, 3 ack, 4 subscribe, 5 unsubscribe, 6 data,
 * 7/8 channel pause/resume, 12 lite/full mode. Details §1.6 leaves open, as the official fyers-api-v3 npm
 * client (its HSM library) reads them:
 *   - replies are `len | type | u8 fieldCount | fields (u8 id | u16 len | bytes)`; field 1 is the status "K"/"N";
 *   - the auth reply's field 2, when present, is the ack interval N: then every data frame carries a u32 message
 *     number at [3:7] (so the scrip count sits at [7:9], as §1.6 says), and the client acknowledges every N-th
 *     frame with `len | 3 | 1 | id 1 | u16 4 | u32 message number`; with no interval there is no message number;
 *   - the auth reply's field 3, when present, is a JSON field map: `fields: [{ fid, fld, dataType }]` and
 *     `scrip: [fid …]` giving the order of a scrip's values by name (`ltp`, `v`, `ltt`, `fdtm`, `bp`, `sp` …);
 *     without it the §1.6 order applies;
 *   - scrip data types: 83 snapshot, 85 update, 76 lite update (LTP only, for a topic already snapshotted);
 *   - a price is int / (multiplier × 10^precision) rupees.
 */
import { DEFAULT_INDEX_LAYOUT, DEFAULT_LAYOUT, type HsmScrip, layoutFromFieldMap } from './hsm-fields';

/** The null value of an int32 field. */
export const HSM_NULL = -2147483648;
/** Data types of a scrip inside a data frame. */
export const HSM_SNAPSHOT = 83;
export const HSM_UPDATE = 85;
export const HSM_LITE = 76;

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

/** Channels as a u64 bitmap, bit n for channel n. */
function channelBitmap(channels: readonly number[]): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(channels.reduce((acc, ch) => acc | (1n << BigInt(ch)), 0n));
  return b;
}

/** Resumes (type 8) or pauses (type 7) channels; the official client resumes its channel after subscribing. */
export function encodeChannels(type: 7 | 8, channels: readonly number[]): Buffer {
  return frame(type, [field(1, channelBitmap(channels))]);
}

/** Full ('F') or lite ('L', LTP only) data on channels (type 12). */
export function encodeMode(channels: readonly number[], mode: 'F' | 'L'): Buffer {
  return frame(12, [field(1, channelBitmap(channels)), field(2, Buffer.from(mode))]);
}

/** Acknowledges data frames up to `messageNumber` (type 3). */
export function encodeAck(messageNumber: number): Buffer {
  const n = Buffer.alloc(4);
  n.writeUInt32BE(messageNumber >>> 0, 0);
  return frame(3, [field(1, n)]);
}

/** A decoded server frame. `ackEvery` is the auth reply's ack interval (0: no acknowledgements). */
export type HsmMessage =
  | { readonly kind: 'ack'; readonly type: number; readonly ok: boolean; readonly ackEvery: number }
  | { readonly kind: 'data'; readonly messageNumber: number | undefined; readonly scrips: HsmScrip[] }
  | { readonly kind: 'other'; readonly type: number };

/** Decodes server frames, remembering snapshots so later updates can be applied to them. */
export function createHsmDecoder() {
  const topics = new Map<number, HsmScrip>();
  let ackEvery = 0;
  let layout = { scrip: DEFAULT_LAYOUT, index: DEFAULT_INDEX_LAYOUT };

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
    const scrip = { topicId, topic, multiplier: multiplier || 1, precision, values };
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

  const lite = (buf: Buffer, start: number): [HsmScrip | undefined, number] => {
    const known = topics.get(buf.readUInt16BE(start));
    const v = buf.readInt32BE(start + 2);
    if (known && v !== HSM_NULL) known.values[0] = v;
    return [known, start + 6];
  };

  const data = (buf: Buffer): HsmMessage => {
    const messageNumber = ackEvery > 0 ? buf.readUInt32BE(3) : undefined;
    let at = ackEvery > 0 ? 7 : 3;
    const count = buf.readUInt16BE(at);
    const scrips: HsmScrip[] = [];
    at += 2;
    for (let i = 0; i < count && at < buf.length; i++) {
      const kind = buf.readUInt8(at);
      const read =
        kind === HSM_SNAPSHOT ? snapshot : kind === HSM_UPDATE ? update : kind === HSM_LITE ? lite : undefined;
      if (!read) break;
      const [scrip, next] = read(buf, at + 1);
      if (scrip) scrips.push({ ...scrip, values: [...scrip.values] });
      at = next;
    }
    return { kind: 'data', messageNumber, scrips };
  };

  /** `u8 fieldCount | (u8 id | u16 len | bytes)*`: field 1 the status, field 2 (auth only) the ack interval. */
  const reply = (buf: Buffer, type: number): HsmMessage => {
    const fields = buf.readUInt8(3);
    let at = 4;
    let ok = false;
    let interval = 0;
    for (let i = 0; i < fields; i++) {
      const len = buf.readUInt16BE(at + 1);
      const value = buf.subarray(at + 3, at + 3 + len);
      if (i === 0) ok = value.toString('latin1') === 'K';
      if (i === 1 && type === 1) interval = value.length > 0 ? value.readUIntBE(0, Math.min(6, value.length)) : 0;
      if (i === 2 && type === 1) layout = layoutFromFieldMap(value.toString('utf8'));
      at += 3 + len;
    }
    if (type === 1) ackEvery = ok ? interval : 0;
    return { kind: 'ack', type, ok, ackEvery: type === 1 ? ackEvery : 0 };
  };

  return {
    decode(buf: Buffer): HsmMessage {
      const type = buf.readUInt8(2);
      if (type === 6) return data(buf);
      if (type === 1 || type === 4 || type === 5 || type === 7 || type === 8 || type === 12) return reply(buf, type);
      return { kind: 'other', type };
    },
    /** Where values sit in scrips and indices, as the current connection's auth reply set it. */
    layout: () => layout,
    /** Forgets topics, the ack interval and the field map: a new connection starts afresh. */
    reset: () => {
      topics.clear();
      ackEvery = 0;
      layout = { scrip: DEFAULT_LAYOUT, index: DEFAULT_INDEX_LAYOUT };
    },
  };
}
