/** The order-update stream against the simulator: socket pushes, polling while the socket is down, recovery. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createFyersSim } from '#sim/brokers/fyers/index';
import type { BrokerOrder } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { createRealClock } from '#src/platform/clock/index';
import { createFyersAdapter } from './adapter';
import { parseFyersConfig } from './config';
import { createFyersSymbolResolver, fetchFyersInstruments, parseMasterCsv } from './instruments';
import { parseOrderMessage } from './order-updates';

const CE = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;

async function until(what: string, ok: () => boolean, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('reads both the raw push and the SDK-style parsed push', () => {
  const symbols = createFyersSymbolResolver(
    parseMasterCsv(readFileSync(new URL('./fixtures/symbol-master-NSE_FO.csv', import.meta.url), 'utf8')),
  );
  const raw = readFileSync(new URL('./fixtures/ws-order-update.json', import.meta.url), 'utf8');
  assert.equal(parseOrderMessage(raw, symbols)?.status, 'FILLED');
  const book = JSON.parse(readFileSync(new URL('./fixtures/http-get-orders.json', import.meta.url), 'utf8'));
  const sdk = JSON.stringify({ s: 'ok', orders: book.orderBook[0] });
  assert.equal(parseOrderMessage(sdk, symbols)?.status, 'PARTIALLY_FILLED');
  assert.equal(parseOrderMessage('{"code":1605,"message":"Successfully subscribed","s":"ok"}', symbols), undefined);
  assert.equal(parseOrderMessage('pong', symbols), undefined);
});

test('falls back to polling the order book while the order socket is down, then goes live again', async () => {
  const sim = await createFyersSim({
    prices: (k) => (k === CE ? { ltpPaise: 100, bidPaise: 95, askPaise: 105 } : undefined),
  });
  const config = parseFyersConfig({ ...sim.hosts, orderPollMs: 200, reconnectMinMs: 100, reconnectMaxMs: 300 });
  const rows = await fetchFyersInstruments({
    baseUrl: config.symbolMasterBaseUrl,
    files: ['NSE_FO'],
    timeoutMs: 2_000,
  });
  const adapter = createFyersAdapter({
    config,
    deps: {
      session: { accessToken: sim.issueToken(), expiresAt: Date.now() + 3_600_000 },
      credentials: { appId: sim.app.appId, appSecret: sim.app.appSecret, redirectUri: sim.app.redirectUri },
      symbols: createFyersSymbolResolver(rows),
      clock: createRealClock(),
    },
  });
  const seen: BrokerOrder[] = [];
  const filled = (id: string) => () => seen.some((o) => o.brokerOrderId === id && o.status === 'FILLED');
  const place = (tag: string) =>
    adapter.createOrder({
      clientOrderId: tag,
      instrumentId: CE,
      side: 'BUY',
      qtyUnits: 65,
      orderType: 'MARKET',
      product: 'INTRADAY',
    });
  try {
    await adapter.watchOrders?.((o) => seen.push(o));
    await until('the socket', () => sim.connections().orders === 1);
    await new Promise((r) => setTimeout(r, 100)); // let the subscription land
    const pushed = await place('viasocket1');
    await until('a pushed fill', filled(pushed.brokerOrderId));
    const pollsBefore = sim.calls('/api/v3/orders');

    sim.faults.set({ refuseOrderSocket: true });
    sim.dropOrderSockets();
    await until('the socket to be gone', () => sim.connections().orders === 0);
    const polled = await place('viapolling1');
    await until('a polled fill', filled(polled.brokerOrderId));
    assert.ok(sim.calls('/api/v3/orders') > pollsBefore, 'the order book was polled');

    sim.faults.set({ refuseOrderSocket: false });
    await until('the socket to come back', () => sim.connections().orders === 1);
    await new Promise((r) => setTimeout(r, 300));
    const pollsLive = sim.calls('/api/v3/orders');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(sim.calls('/api/v3/orders') <= pollsLive + 1, 'polling stops once the socket is back');
    const again = await place('viasocket2');
    await until('a pushed fill after recovery', filled(again.brokerOrderId));
  } finally {
    await adapter.close();
    await sim.close();
  }
});
