/**
 * A generic broker simulator for the gateway's chaos test: a small HTTP order API (place with a tag, order book by
 * tag, cancel, positions) with seeded fault injection. Faults: a share of placements time out AFTER creating the
 * order (the reply comes too late), a share of all calls answer 5xx without doing anything, and some orders fill
 * late. It never rejects a duplicate tag, so duplicates the platform sends are counted, not hidden.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChaosOrder {
  readonly id: string;
  readonly account: string;
  readonly tag: string;
  readonly instrumentId: string;
  readonly side: 'BUY' | 'SELL';
  readonly qty: number;
  filled: number;
  status: 'OPEN' | 'FILLED' | 'CANCELLED';
  readonly pricePaise: number;
  readonly placedAt: number;
}

export interface ChaosOptions {
  readonly seed: number;
  /** Share of placements that create the order but answer only after `hangMs` (past the client's timeout). */
  readonly timeoutRate?: number;
  /** Share of all calls that answer 503 and do nothing. */
  readonly errorRate?: number;
  /** Share of orders that rest OPEN and fill 100–`lateFillMaxMs` ms later. */
  readonly lateFillRate?: number;
  readonly lateFillMaxMs?: number;
  readonly hangMs?: number;
  readonly fillPricePaise?: number;
}

/** mulberry32: a tiny seeded PRNG, so a failing run can be repeated with the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ChaosBroker {
  readonly url: string;
  readonly orders: readonly ChaosOrder[];
  readonly faults: { timeouts: number; errors: number; lateFills: number; requests: number };
  stop(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export async function startChaosBroker(opts: ChaosOptions): Promise<ChaosBroker> {
  const rnd = prng(opts.seed);
  const orders: ChaosOrder[] = [];
  const byId = new Map<string, ChaosOrder>();
  const faults = { timeouts: 0, errors: 0, lateFills: 0, requests: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const place = (account: string, b: Record<string, unknown>): ChaosOrder => {
    const o: ChaosOrder = {
      id: `CX${orders.length + 1}`,
      account,
      tag: String(b.tag ?? ''),
      instrumentId: String(b.instrumentId),
      side: b.side === 'SELL' ? 'SELL' : 'BUY',
      qty: Number(b.qty),
      filled: 0,
      status: 'OPEN',
      pricePaise: opts.fillPricePaise ?? 100_00,
      placedAt: Date.now(),
    };
    orders.push(o);
    byId.set(o.id, o);
    const fill = () => {
      if (o.status !== 'OPEN') return;
      o.filled = o.qty;
      o.status = 'FILLED';
    };
    if (rnd() < (opts.lateFillRate ?? 0.05)) {
      faults.lateFills++;
      later(100 + Math.floor(rnd() * (opts.lateFillMaxMs ?? 1_500)), fill);
    } else fill();
    return o;
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    faults.requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean); // accounts/:a/orders[/:id[/cancel]] | accounts/:a/positions
    if (parts[0] !== 'accounts' || !parts[1]) return json(res, 404, { error: 'not found' });
    if (rnd() < (opts.errorRate ?? 0.05)) {
      faults.errors++;
      return json(res, 503, { error: 'service unavailable' });
    }
    const account = parts[1];
    const mine = () => orders.filter((o) => o.account === account);
    if (parts[2] === 'positions') {
      const net = new Map<string, number>();
      for (const o of mine())
        net.set(o.instrumentId, (net.get(o.instrumentId) ?? 0) + (o.side === 'BUY' ? o.filled : -o.filled));
      return json(res, 200, { positions: [...net].map(([instrumentId, qty]) => ({ instrumentId, qty })) });
    }
    if (parts[2] !== 'orders') return json(res, 404, { error: 'not found' });
    if (req.method === 'POST' && !parts[3]) {
      const o = place(account, await body(req));
      if (rnd() < (opts.timeoutRate ?? 0.1)) {
        faults.timeouts++;
        return later(opts.hangMs ?? 1_000, () => json(res, 200, { id: o.id }));
      }
      return json(res, 200, { id: o.id });
    }
    if (req.method === 'POST' && parts[4] === 'cancel') {
      const o = byId.get(parts[3] ?? '');
      if (!o || o.account !== account) return json(res, 404, { error: 'no such order' });
      if (o.status !== 'OPEN') return json(res, 400, { error: `order is ${o.status}` });
      o.status = 'CANCELLED';
      return json(res, 200, { id: o.id });
    }
    if (parts[3]) {
      const o = byId.get(parts[3]);
      return o && o.account === account ? json(res, 200, { order: o }) : json(res, 404, { error: 'no such order' });
    }
    const tag = url.searchParams.get('tag');
    return json(res, 200, { orders: tag ? mine().filter((o) => o.tag === tag) : mine() });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => json(res, 500, { error: String(err) }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    orders,
    faults,
    async stop() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
