/**
 * The simulator's binary HSM market-data socket (reference/brokers.md §1.6, with the details src/brokers/fyers/
 * hsm-codec.ts fixes where §1.6 is silent): auth by `hsm_key`, topic subscriptions, snapshot then update frames.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { SimAuth } from './oauth';
import type { SimInstrument, SimQuote } from './types';

const NULL = -2147483648;
const SEGMENTS: Record<string, string> = {
  '1010': 'nse_cm',
  '1011': 'nse_fo',
  '1120': 'mcx_fo',
  '1210': 'bse_cm',
  '1211': 'bse_fo',
  '1012': 'cde_fo',
};

interface Topic {
  readonly id: number;
  readonly name: string;
  readonly inst: SimInstrument | undefined;
  snapshotSent: boolean;
}
interface Client {
  readonly ws: WebSocket;
  authed: boolean;
  readonly topics: Map<string, Topic>;
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

const ack = (type: number, ok: boolean) => withLength(Buffer.from([type, 1, 1, 0, 1, ok ? 0x4b : 0x4e]));
const str = (s: string) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);

function int32s(values: readonly number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => {
    b.writeInt32BE(v, i * 4);
  });
  return b;
}

/** Scrip field values (sf order), prices in paise with multiplier 100. */
function sfValues(q: SimQuote, nowS: number): number[] {
  const v = [q.ltpPaise, q.volume ?? 0, nowS, nowS, 75, 75, q.bidPaise, q.askPaise, 75, NULL, NULL, q.ltpPaise];
  return [...v, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL];
}

function scripBlock(t: Topic, q: SimQuote, nowS: number): Buffer {
  const values = int32s(sfValues(q, nowS));
  const id = Buffer.alloc(2);
  id.writeUInt16BE(t.id);
  if (t.snapshotSent) return Buffer.concat([Buffer.from([85]), id, Buffer.from([values.length / 4]), values]);
  t.snapshotSent = true;
  const tail = Buffer.from([0, 0, 0, 100, 2]); // 2 skipped bytes, u16 multiplier 100, u8 precision 2
  const inst = t.inst;
  const names = Buffer.concat([
    str(inst ? (inst.symbol.split(':')[0] ?? '') : ''),
    str(inst?.scripCode ?? ''),
    str(inst?.symbol ?? ''),
  ]);
  return Buffer.concat([Buffer.from([83]), id, str(t.name), Buffer.from([values.length / 4]), values, tail, names]);
}

export function createHsmServer(p: {
  auth: SimAuth;
  instruments: readonly SimInstrument[];
  quote: (i: SimInstrument) => SimQuote | undefined;
  now: () => number;
}) {
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<Client>();
  let topicSeq = 0;
  let seq = 0;

  const instFor = (topic: string) => {
    const [kind, seg, token] = topic.split('|');
    if (kind !== 'sf') return undefined;
    return p.instruments.find((i) => SEGMENTS[i.fytoken.slice(0, 4)] === seg && i.fytoken.slice(10) === token);
  };

  const dataFrame = (c: Client, topics: Iterable<Topic>): Buffer | undefined => {
    const nowS = Math.floor(p.now() / 1000);
    const blocks: Buffer[] = [];
    for (const t of topics) {
      const q = t.inst ? p.quote(t.inst) : undefined;
      if (q) blocks.push(scripBlock(t, q, nowS));
    }
    if (blocks.length === 0 || !c.authed) return undefined;
    const head = Buffer.alloc(7);
    head.writeUInt8(6, 0);
    head.writeUInt32BE(++seq >>> 0, 1);
    head.writeUInt16BE(blocks.length, 5);
    return withLength(Buffer.concat([head, ...blocks]));
  };

  const onFrame = (c: Client, buf: Buffer) => {
    const type = buf.readUInt8(2);
    const fields = readFields(buf);
    if (type === 1) {
      c.authed = p.auth.appForHsmKey(fields.get(1)?.toString('utf8') ?? '') !== undefined;
      c.ws.send(ack(1, c.authed));
      if (!c.authed) c.ws.close();
      return;
    }
    if (!c.authed || (type !== 4 && type !== 5)) return;
    const list = fields.get(1) ?? Buffer.alloc(2);
    const names: string[] = [];
    for (let i = 0, at = 2; i < list.readUInt16BE(0); i++) {
      const len = list.readUInt8(at);
      names.push(list.toString('ascii', at + 1, at + 1 + len));
      at += 1 + len;
    }
    for (const n of names) {
      if (type === 5) c.topics.delete(n);
      else if (!c.topics.has(n))
        c.topics.set(n, { id: ++topicSeq & 0xffff, name: n, inst: instFor(n), snapshotSent: false });
    }
    c.ws.send(ack(type, true));
    const frame =
      type === 4
        ? dataFrame(
            c,
            names.map((n) => c.topics.get(n)).filter((t): t is Topic => !!t),
          )
        : undefined;
    if (frame) c.ws.send(frame);
  };

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const c: Client = { ws, authed: false, topics: new Map() };
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
      });
    },
    /** Sends every subscribed topic's current values (one update frame per connection). */
    publish() {
      for (const c of clients) {
        const frame = dataFrame(c, c.topics.values());
        if (frame && c.ws.readyState === WebSocket.OPEN) c.ws.send(frame);
      }
    },
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
