/**
 * The official Fyers Node client (npm `fyers-api-v3`, a test peer only) against the simulator: login, orders,
 * books, its order socket and its HSM data socket. Where it and the simulator disagree, the simulator is wrong.
 * Its REST and socket hosts live in its exported Config object, pointed here at the simulator. Its data socket
 * fetches fytokens from a hard-coded `https://api-t1.fyers.in/data/symbol-token`, so that one URL is redirected
 * by an interceptor on the client's own exported axios instance.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { createFyersSim, FYERS_REJECTIONS, type FyersSim, type SimQuote } from './index';

const require = createRequire(import.meta.url);

interface FyersModel {
  setAppId(id: string): void;
  setRedirectUrl(url: string): void;
  setAccessToken(token: string): void;
  generateAuthCode(req?: { state?: string }): string;
  generate_access_token(req: { client_id: string; secret_key: string; auth_code: string }): Promise<Json>;
  get_profile(): Promise<Json>;
  get_funds(): Promise<Json>;
  get_orders(): Promise<Json>;
  get_filtered_orders(req: { order_id: string }): Promise<Json>;
  get_tradebook(): Promise<Json>;
  get_positions(): Promise<Json>;
  place_order(req: Json): Promise<Json>;
  modify_order(req: Json): Promise<Json>;
  cancel_order(req: Json): Promise<Json>;
}
interface Socket {
  on(what: string, fn: (msg: Json) => void): void;
  connect(): void;
  close(): void;
  subscribe(what: unknown, ...rest: unknown[]): void;
  mode?(mode: unknown, channel: number): void;
  orderUpdates?: string;
  tradeUpdates?: string;
  FullMode?: unknown;
  LiteMode?: unknown;
}
// biome-ignore lint/suspicious/noExplicitAny: the peer's replies are untyped JSON we assert on field by field
type Json = Record<string, any>;

const CE = 'NFO:NIFTY:2026-12-01:CE:24000';
const CE_SYMBOL = 'NSE:NIFTY26D0124000CE';
let sim: FyersSim;
let quote: SimQuote = { ltpPaise: 10_005, bidPaise: 10_000, askPaise: 10_010 };
const NIFTY_QUOTE: SimQuote = { ltpPaise: 2_412_345, bidPaise: 0, askPaise: 0 };
let sdk: {
  fyersModel: new (p: object) => FyersModel;
  fyersOrderSocket: new (...a: unknown[]) => Socket;
  fyersDataSocket: { getInstance(...a: unknown[]): Socket };
};
let fyers: FyersModel;
let token = '';

const order = (over: Json = {}): Json => ({
  symbol: CE_SYMBOL,
  qty: 65,
  type: 2,
  side: 1,
  productType: 'INTRADAY',
  limitPrice: 0,
  stopPrice: 0,
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
  stopLoss: 0,
  takeProfit: 0,
  ...over,
});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  sim = await createFyersSim({
    prices: (k) => (k === CE ? quote : k === 'NSE_INDEX:NIFTY' ? NIFTY_QUOTE : undefined),
    feedIntervalMs: 50,
  });
  // The official client does not pace itself, and these tests burst; the limits are covered by sim.test.ts.
  sim.faults.set({ enforceRateLimits: false });
  const { Config } = require('fyers-api-v3/config/config.js');
  Object.assign(Config, {
    SYNC_API: `${sim.url}/api/v3`,
    data_Api1: `${sim.url}/data`,
    Order_SOCKET: sim.hosts.orderSocketUrl,
    HSM_SOCKET: sim.hosts.dataSocketUrl,
  });
  const { axiosInstance } = require('fyers-api-v3/apiService/apiService.js');
  axiosInstance.interceptors.request.use((cfg: { url?: string }) => {
    cfg.url = cfg.url?.replace('https://api-t1.fyers.in', sim.url);
    return cfg;
  });
  sdk = require('fyers-api-v3');
  fyers = new sdk.fyersModel({ enableLogging: false });
  fyers.setAppId(sim.app.appId);
  fyers.setRedirectUrl(sim.app.redirectUri);
});
after(async () => {
  await sim.close();
});

describe('official fyers-api-v3 client against the simulator', () => {
  test('logs in: generate-authcode redirect, then validate-authcode with its own appIdHash', async () => {
    const loc = async () => {
      const res = await fetch(fyers.generateAuthCode({ state: 'peer' }), { redirect: 'manual' });
      return new URL(res.headers.get('location') ?? '');
    };
    const first = await loc();
    assert.equal(first.searchParams.get('state'), 'peer');
    const bad = await fyers.generate_access_token({
      client_id: sim.app.appId,
      secret_key: 'wrong',
      auth_code: first.searchParams.get('auth_code') ?? '',
    });
    assert.deepEqual([bad.s, bad.code], ['error', -371]);
    const auth_code = (await loc()).searchParams.get('auth_code') ?? '';
    const ok = await fyers.generate_access_token({
      client_id: sim.app.appId,
      secret_key: sim.app.appSecret,
      auth_code,
    });
    assert.equal(ok.s, 'ok');
    token = ok.access_token;
    fyers.setAccessToken(token);
    assert.equal((await fyers.get_profile()).data.fy_id, sim.app.fyId);
    assert.equal((await fyers.get_funds()).fund_limit.find((f: Json) => f.id === 10)?.title, 'Available Balance');
  });

  test('places a market order and sees it filled in the order book, trade book and positions', async () => {
    const placed = await fyers.place_order(order({ orderTag: 'peer1' }));
    assert.deepEqual([placed.s, placed.code], ['ok', 1101]);
    const one = (await fyers.get_filtered_orders({ order_id: placed.id })).orderBook;
    assert.equal(one.length, 1);
    assert.deepEqual([one[0].status, one[0].filledQty, one[0].tradedPrice, one[0].orderTag], [2, 65, 100.1, '1:peer1']);
    assert.ok((await fyers.get_orders()).orderBook.some((o: Json) => o.id === placed.id));
    assert.ok(
      (await fyers.get_tradebook()).tradeBook.some((t: Json) => t.orderNumber === placed.id && t.tradedQty === 65),
    );
    assert.equal((await fyers.get_positions()).netPositions.find((p: Json) => p.symbol === CE_SYMBOL)?.netQty, 65);
  });

  test('modifies and cancels a resting limit order', async () => {
    const placed = await fyers.place_order(order({ type: 1, limitPrice: 95 }));
    const modified = await fyers.modify_order({ id: placed.id, type: 1, limitPrice: 96.5 });
    assert.equal(modified.s, 'ok');
    assert.equal((await fyers.get_filtered_orders({ order_id: placed.id })).orderBook[0].limitPrice, 96.5);
    const cancelled = await fyers.cancel_order({ id: placed.id });
    assert.deepEqual([cancelled.s, cancelled.code], ['ok', 1103]);
    assert.equal((await fyers.get_filtered_orders({ order_id: placed.id })).orderBook[0].status, 1);
  });

  test('receives Fyers error bodies for a bad symbol, an injected rejection and a tick-size error', async () => {
    await assert.rejects(fyers.place_order(order({ symbol: 'NSE:NOPE-EQ' })), (e: Json) => e.code === -300);
    sim.faults.set({ rejectNext: FYERS_REJECTIONS.insufficientFunds });
    await assert.rejects(fyers.place_order(order()), (e: Json) => e.code === -99 && /Insufficient/.test(e.message));
    await assert.rejects(
      fyers.place_order(order({ type: 4, limitPrice: 95, stopPrice: 95.02 })),
      (e: Json) => e.code === -50,
    );
  });

  test('gets order and trade pushes on its order socket, with status mapped by the client', async () => {
    const socket = new sdk.fyersOrderSocket(`${sim.app.appId}:${token}`, undefined, false);
    const orders: Json[] = [];
    const trades: Json[] = [];
    socket.on('error', () => undefined);
    socket.on('orders', (m) => orders.push(m));
    socket.on('trades', (m) => trades.push(m));
    socket.on('connect', () => socket.subscribe([socket.orderUpdates, socket.tradeUpdates]));
    socket.connect();
    try {
      await until('the socket', () => (sim.connections().orders > 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 200));
      const placed = await fyers.place_order(order({ orderTag: 'peersock1' }));
      const filled = await until('a filled push', () =>
        orders.find((m) => m.orders.id === placed.id && m.orders.status === 2),
      );
      assert.deepEqual([filled.s, filled.orders.filledQty, filled.orders.orderTag], ['ok', 65, '1:peersock1']);
      const trade = await until('a trade push', () => trades.find((m) => m.trades.orderNumber === placed.id));
      assert.equal(trade.trades.tradePrice, 100.1);
    } finally {
      socket.close();
    }
  });

  test('decodes the simulator HSM feed with its data socket (snapshot, updates, lite mode)', async () => {
    const socket = sdk.fyersDataSocket.getInstance(`${sim.app.appId}:${token}`, undefined, false);
    const messages: Json[] = [];
    socket.on('error', () => undefined);
    socket.on('message', (m) => messages.push(m));
    socket.on('connect', () => {
      socket.subscribe([CE_SYMBOL, 'NSE:NIFTY50-INDEX'], false, 11);
      socket.mode?.(socket.FullMode, 11);
    });
    socket.connect();
    try {
      const tick = await until('a tick', () => messages.find((m) => m.symbol === CE_SYMBOL));
      assert.deepEqual([tick.ltp, tick.bid_price, tick.ask_price, tick.type], [100.05, 100, 100.1, 'sf']);
      const index = await until('an index tick', () => messages.find((m) => m.symbol === 'NSE:NIFTY50-INDEX'));
      assert.deepEqual([index.ltp, index.type], [24123.45, 'if']);
      quote = { ltpPaise: 10_125, bidPaise: 10_120, askPaise: 10_130 };
      await until('the new price', () => messages.find((m) => m.symbol === CE_SYMBOL && m.ltp === 101.25));
      await until('the feed acknowledged', () => (sim.feedAcks().some((n) => n > 0) ? true : undefined));
      socket.mode?.(socket.LiteMode, 11);
      quote = { ltpPaise: 10_150, bidPaise: 10_145, askPaise: 10_155 };
      const lite = await until('a lite tick', () => messages.find((m) => m.symbol === CE_SYMBOL && m.ltp === 101.5));
      assert.equal(lite.bid_price, undefined, 'lite mode carries the LTP only');
    } finally {
      socket.close();
    }
  });

  test('is refused with -16 once the token has expired', async () => {
    sim.faults.set({ tokenExpiresAt: Date.now() });
    // get_profile, not get_orders: this client version's get_orders swallows HTTP errors and never settles.
    await assert.rejects(fyers.get_profile(), (e: Json) => e.code === -16 && e.s === 'error');
  });
});
