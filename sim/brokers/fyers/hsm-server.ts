/**
 * The simulator's binary HSM market-data socket (reference/brokers.md §1.6, with the details the official
 * fyers-api-v3 npm client reads: see src/brokers/fyers/hsm-codec.ts): auth by `hsm_key` with an ack interval,
 * topic subscriptions per channel, snapshot then update (or lite) frames with message numbers, client
 * acknowledgements, channel pause/resume and lite/full mode.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { FIELD_MAP, type HsmTopic, type HsmTopicState, scripBlock } from './hsm-frames';
import type { SimAuth } from './oauth';
import type { SimInstrument, SimQuote } from './types';

const SEGMENTS: Record<string, string> = {
  '1010': 'nse_cm',
  '1011': 'nse_fo',
  '1120': 'mcx_fo',
  '1210': 'bse_cm',
  '1211': 'bse_fo',
  '1012': 'cde_fo',
};

interface Client {
  readonly ws: WebSocket;
  authed: boolean;
  readonly topics: Map<string, HsmTopicState>;
  readonly paused: Set<number>;
  readonly lite: Set<number>;
  messageNumber: number;
  lastAcked: number;
}

/** Reads `u8 id | u16 len | bytes` fields after the 4-byte frame head. */
function readFields(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  const count = buf.readUInt8(3);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const len = buf.readUInt16BE(at + 1);
    out.set(buf.readUInt8(at), buf.subarray(at + 3, at + 3 + len));
    at += 3 + len;
  }
  return out;
}

function withLength(body: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([len, body]);
}

function field(id: number, value: Buffer): Buffer {
  const head = Buffer.from([id, 0, 0]);
  head.writeUInt16BE(value.length, 1);
  return Buffer.concat([head, value]);
}

/** `len | type | fieldCount | status [| ack interval | field map]`: the auth reply carries all three. */
function reply(type: number, ok: boolean, auth?: { ackEvery: number }): Buffer {
  const fields = [field(1, Buffer.from(ok ? 'K' : 'N'))];
  if (auth) {
    const interval = Buffer.alloc(4);
    interval.writeUInt32BE(auth.ackEvery);
    fields.push(field(2, interval), field(3, Buffer.from(FIELD_MAP)));
  }
  return withLength(Buffer.concat([Buffer.from([type, fields.length]), ...fields]));
}

/** Channels named by a u64 bitmap (bit n = channel n). */
function channels(bitmap: Buffer | undefined): number[] {
  if (!bitmap || bitmap.length < 8) return [];
  const v = bitmap.readBigUInt64BE(0);
  return Array.from({ length: 64 }, (_, n) => n).filter((n) => (v >> BigInt(n)) & 1n);
}

function topicNames(list: Buffer): string[] {
  const names: string[] = [];
  for (let i = 0, at = 2; i < list.readUInt16BE(0); i++) {
    const len = list.readUInt8(at);
    names.push(list.toString('ascii', at + 1, at + 1 + len));
    at += 1 + len;
  }
  return names;
}

export function createHsmServer(p: {
  auth: SimAuth;
  instruments: readonly SimInstrument[];
  quote: (i: SimInstrument) => SimQuote | undefined;
  now: () => number;
  /** Ack interval announced at auth; 0 announces none (then frames carry no message number). */
  ackEvery: number;
}) {
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<Client>();
  const logins: string[] = [];
  let topicSeq = 0;

  const instFor = (topic: string) => {
    const [kind, seg, key] = topic.split('|');
    const inSeg = (i: SimInstrument) => SEGMENTS[i.fytoken.slice(0, 4)] === seg;
    if (kind === 'if') return p.instruments.find((i) => inSeg(i) && i.hsmIndexName === key);
    if (kind !== 'sf') return undefined;
    return p.instruments.find((i) => inSeg(i) && i.fytoken.slice(10) === key);
  };

  const dataFrame = (c: Client, topics: Iterable<HsmTopicState>): Buffer | undefined => {
    const nowS = Math.floor(p.now() / 1000);
    const blocks: Buffer[] = [];
    for (const t of topics) {
      const q = t.inst && !c.paused.has(t.channel) ? p.quote(t.inst) : undefined;
      if (q) blocks.push(scripBlock(t, q, { nowS, lite: c.lite.has(t.channel) }));
    }
    if (blocks.length === 0 || !c.authed) return undefined;
    const head = p.ackEvery > 0 ? Buffer.alloc(7) : Buffer.alloc(3);
    head.writeUInt8(6, 0);
    if (p.ackEvery > 0) head.writeUInt32BE(++c.messageNumber >>> 0, 1);
    head.writeUInt16BE(blocks.length, head.length - 2);
    return withLength(Buffer.concat([head, ...blocks]));
  };

  const subscribe = (c: Client, type: 4 | 5, fields: Map<number, Buffer>) => {
    const names = topicNames(fields.get(1) ?? Buffer.alloc(2));
    const channel = fields.get(2)?.readUInt8(0) ?? 11;
    for (const name of names) {
      if (type === 5) c.topics.delete(name);
      else if (!c.topics.has(name)) {
        const topic: HsmTopic = { id: ++topicSeq & 0xffff, name, inst: instFor(name), channel };
        c.topics.set(name, { ...topic, snapshotSent: false });
      }
    }
    c.ws.send(reply(type, true));
    const fresh = names.map((n) => c.topics.get(n)).filter((t): t is HsmTopicState => t !== undefined);
    const frame = type === 4 ? dataFrame(c, fresh) : undefined;
    if (frame) c.ws.send(frame);
  };

  const onFrame = (c: Client, buf: Buffer) => {
    const type = buf.readUInt8(2);
    const fields = readFields(buf);
    if (type === 1) {
      const hsmKey = fields.get(1)?.toString('utf8') ?? '';
      c.authed = p.auth.appForHsmKey(hsmKey) !== undefined;
      if (c.authed) logins.push(hsmKey);
      c.ws.send(reply(1, c.authed, c.authed ? { ackEvery: p.ackEvery } : undefined));
      if (!c.authed) c.ws.close();
      return;
    }
    if (!c.authed) return;
    if (type === 3) c.lastAcked = fields.get(1)?.readUInt32BE(0) ?? c.lastAcked;
    else if (type === 4 || type === 5) subscribe(c, type, fields);
    else if (type === 7 || type === 8) {
      for (const ch of channels(fields.get(1))) type === 7 ? c.paused.add(ch) : c.paused.delete(ch);
      c.ws.send(reply(type, true));
    } else if (type === 12) {
      const lite = fields.get(2)?.toString('latin1') === 'L';
      for (const ch of channels(fields.get(1))) lite ? c.lite.add(ch) : c.lite.delete(ch);
      c.ws.send(reply(type, true));
    }
  };

  const connect = (ws: WebSocket) => {
    const c: Client = {
      ws,
      authed: false,
      topics: new Map(),
      paused: new Set(),
      lite: new Set(),
      messageNumber: 0,
      lastAcked: 0,
    };
    clients.add(c);
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      try {
        onFrame(c, data);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        ws.close(1002, 'malformed frame');
      }
    });
    ws.on('close', () => clients.delete(c));
  };

  return {
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => wss.handleUpgrade(req, socket, head, connect),
    /** Sends every subscribed topic's current values (one data frame per connection). */
    publish() {
      for (const c of clients) {
        const frame = dataFrame(c, c.topics.values());
        if (frame && c.ws.readyState === WebSocket.OPEN) c.ws.send(frame);
      }
    },
    /** The hsm_key of every accepted auth frame, in order. */
    logins: () => [...logins],
    /** The highest message number each connection has acknowledged. */
    acks: () => [...clients].map((c) => c.lastAcked),
    dropAll: () => {
      for (const c of clients) c.ws.terminate();
    },
    connections: () => clients.size,
    close: () => {
      for (const c of clients) c.ws.terminate();
      wss.close();
    },
  };
}
