/**
 * Pushed order updates against the Fyers simulator: with the polling of streamed accounts set to an hour, a live
 * order reaches FILLED and settles its trade by the order socket's push; once the simulator drops (and refuses)
 * the socket, polling at the normal rate finishes the next order; when the socket is back, pushes do again. The
 * same update twice, or racing a poll, moves the order once.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createFyersSim, DEFAULT_SIM_APP, type FyersSim } from '#sim/brokers/fyers';
import type { BrokerOrder } from '#src/brokers/contract';
import { createFyersDefinition, parseFyersConfig } from '#src/brokers/fyers';
import { createBrokerRegistry, paper } from '#src/brokers/registry';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { type Bus, CHANNELS, type Consumer, createMemoryBus, GROUPS, STREAMS } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { createEnvelopeCrypto, parseMasterKeys } from '#src/platform/crypto';
import { openStore, type Store, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { createMetrics, type Metrics } from '#src/platform/metrics';
import { createOrderGateway, type OrderGateway } from './gateway';
import { createHalts } from './halts';
import { createLiveAdapters, type LiveAdapters } from './live-adapters';
import { createOrderTracking, type OrderTracking, type PushResult } from './order-updates';
import { createRateLimiter } from './rate-limiter';
import { createRouter } from './routing';
import { type Seeded, seedAccounts, writeEntryWave } from './testing/fixtures';
import { TEST_RULES } from './testing/harness';
import { createTradeLedger } from './trade-ledger';

const { brokerAccounts, orders, trades, fills } = tables;
const CE = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;
const HOUR = 3_600_000;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('order updates pushed by the Fyers simulator drive order tracking', () => {
  let store: Store;
  let bus: Bus;
  let sim: FyersSim;
  let live: LiveAdapters;
  let gateway: OrderGateway;
  let tracking: OrderTracking;
  let consumer: Consumer;
  let seeded: Seeded;
  let metrics: Metrics;
  let pollTimer: NodeJS.Timeout | undefined;
  let polling = true;
  let inFlight: Promise<void> = Promise.resolve();
  /** The simulated exchange quotes the option only while this is on: orders rest until then. */
  let quoting = false;
  /** Every pushed update the tracking applied, with what it did. */
  const pushed: Array<{ order: BrokerOrder; result: PushResult }> = [];
  const clock = createRealClock();
  const crypto = createEnvelopeCrypto(
    parseMasterKeys({ id: 'k1', key: randomBytes(32).toString('base64'), retired: '' }),
  );
  const tick = { ltp: 100_00 as Paise, bid: 99_95 as Paise, ask: 100_05 as Paise } as unknown as Tick;
  const accountId = () => seeded.accounts[0]!.accountId;

  before(async () => {
    store = await openStore({ kind: 'pglite', dataDir: undefined });
    bus = createMemoryBus();
    metrics = createMetrics();
    const db = store.db;
    sim = await createFyersSim({
      prices: () => (quoting ? { ltpPaise: 10_000, bidPaise: 9_995, askPaise: 10_005 } : undefined),
    });
    // The adapter's own book polling while its socket is down is off (an hour): only the gateway's polling can help.
    const fyers = createFyersDefinition(
      parseFyersConfig({ ...sim.hosts, reconnectMinMs: 50, reconnectMaxMs: 200, orderPollMs: HOUR }),
    );
    seeded = await seedAccounts(db, { n: 1, mode: 'live', tag: 'ou' });
    const credentials = { appId: DEFAULT_SIM_APP.appId, appSecret: DEFAULT_SIM_APP.appSecret, redirectUri: 'x:' };
    await db
      .update(brokerAccounts)
      .set({
        credentialsEnc: crypto.encrypt(JSON.stringify(credentials)),
        sessionEnc: crypto.encrypt(JSON.stringify({ accessToken: sim.issueToken(), expiresAt: clock.now() + HOUR })),
        tokenExpiresAt: clock.now() + HOUR,
      })
      .where(eq(brokerAccounts.id, accountId()));
    live = await createLiveAdapters({
      db,
      bus,
      clock,
      crypto,
      brokers: createBrokerRegistry([paper, fyers]),
      orderUpdates: {
        onUpdate: (...a) => tracking.onUpdate(...a),
        onState: (...a) => tracking.onState(...a),
      },
    });
    const log = createLogger({ level: 'silent' });
    const quote = async () => tick;
    gateway = createOrderGateway({
      db,
      bus,
      clock,
      log,
      metrics,
      router: createRouter({ db, bus, clock, quote, live: live.factory }),
      ledger: createTradeLedger({ db, bus, tickPaise: () => 5 }),
      halts: createHalts({ db, bus, clock }),
      limiter: createRateLimiter({ bus }),
      rules: TEST_RULES,
      quote,
      instance: 'ou-exec',
    });
    const recorded: OrderGateway = {
      ...gateway,
      async applyBrokerUpdate(id, order) {
        const result = await gateway.applyBrokerUpdate(id, order);
        pushed.push({ order, result });
        return result;
      },
    };
    // The executor's tracking: normal polling every 50 ms, accounts with a connected stream only every hour.
    tracking = createOrderTracking({ gateway: recorded, log, metrics, streamedPollMs: HOUR });
    let busy = false;
    pollTimer = setInterval(() => {
      if (busy || !polling) return;
      busy = true;
      inFlight = tracking.poll().finally(() => {
        busy = false;
      });
    }, 50);
    consumer = await bus.consume(
      STREAMS.orderCommands,
      { group: GROUPS.executor, consumer: 'ou-exec', blockMs: 20, reclaimIdleMs: 200 },
      (e) => gateway.handle(e),
    );
  });
  after(async () => {
    clearInterval(pollTimer);
    await consumer?.stop();
    await live?.close();
    await tracking?.drain();
    await sim?.close();
    await bus?.close();
    await store?.close();
  });

  const order = async (id: string) => (await store.db.select().from(orders).where(eq(orders.id, id)))[0]!;
  const trade = async (id: string) => (await store.db.select().from(trades).where(eq(trades.id, id)))[0]!;
  const fillsOf = async (id: string) => store.db.select().from(fills).where(eq(fills.orderId, id));
  const orderIn = (id: string, status: string) =>
    until(`order ${status}`, async () => {
      const o = await order(id);
      return o.status === status ? o : undefined;
    });
  const streaming = (want: boolean) =>
    until(`order stream ${want ? 'up' : 'down'}`, () =>
      tracking.streaming().has(accountId()) === want ? true : undefined,
    );
  /** One live entry for the account, placed through the gateway; resolves when it rests OPEN at the simulator. */
  const placeResting = async () => {
    quoting = false;
    const [cmd] = await writeEntryWave(store.db, seeded, {
      waveId: randomUUID(),
      instrumentId: CE,
      side: 'BUY',
      qtyUnits: () => 65,
      at: clock.now(),
      day: '2026-11-26',
    });
    await bus.appendMany(STREAMS.orderCommands, [cmd!]);
    const o = await orderIn(cmd!.orderId, 'OPEN');
    assert.equal(o.route, 'live');
    assert.ok(o.brokerOrderId);
    return o;
  };
  const appliedPushes = (brokerOrderId: string, status: string) =>
    pushed.filter(
      (p) => p.order.brokerOrderId === brokerOrderId && p.order.status === status && p.result === 'applied',
    );

  test('a resting live order fills by the pushed update and settles its trade; polling of the account is off', async () => {
    // The adapter (and its order stream) is built on first use; the account is polled until its stream is up.
    assert.ok(await live.factory((await store.db.select().from(brokerAccounts))[0]!));
    await streaming(true);
    const o = await placeResting();
    quoting = true; // the simulator's matcher fills it and pushes the fill on the order socket
    const filled = await orderIn(o.id, 'FILLED');
    assert.equal(filled.filledQtyUnits, 65);
    assert.equal(filled.avgPricePaise, 10_005);
    assert.equal(appliedPushes(o.brokerOrderId!, 'FILLED').length, 1, 'the push, not a poll, filled it');
    const t = await until('the trade settled', async () => {
      const t = await trade(o.tradeId);
      return t.status === 'OPEN' ? t : undefined;
    });
    assert.equal(t.entryPricePaise, 10_005);
    assert.equal((await fillsOf(o.id)).length, 1);
    const counted = (await metrics.orderUpdatesPushed.get()).values.find((v) => v.labels.result === 'applied');
    assert.ok((counted?.value ?? 0) >= 1);

    // The same update again changes nothing.
    const again = appliedPushes(o.brokerOrderId!, 'FILLED')[0]!.order;
    assert.equal(await gateway.applyBrokerUpdate(accountId(), again), 'unchanged');
    assert.deepEqual(await order(o.id), filled);
    assert.equal((await fillsOf(o.id)).length, 1);
    // An update for another account is not applied to this one.
    assert.equal(await gateway.applyBrokerUpdate(seeded.settingId, again), 'unmatched');
  });

  test('with the order socket dropped and refused, polling at the normal rate finishes the next order', async () => {
    sim.faults.set({ refuseOrderSocket: true });
    sim.dropOrderSockets();
    await streaming(false);
    const o = await placeResting();
    quoting = true;
    const filled = await orderIn(o.id, 'FILLED');
    assert.equal(filled.filledQtyUnits, 65);
    assert.equal(appliedPushes(o.brokerOrderId!, 'FILLED').length, 0, 'no push could have filled it');
    await until('the trade settled', async () => ((await trade(o.tradeId)).status === 'OPEN' ? true : undefined));
    assert.equal((await fillsOf(o.id)).length, 1);
  });

  test('when the socket is back, pushes fill orders again', async () => {
    sim.faults.set({ refuseOrderSocket: false });
    await streaming(true);
    const o = await placeResting();
    quoting = true;
    await orderIn(o.id, 'FILLED');
    assert.equal(appliedPushes(o.brokerOrderId!, 'FILLED').length, 1);
  });

  test('a pushed fill racing a poll and its own duplicate moves the order once and settles the trade once', async () => {
    polling = false;
    await inFlight;
    sim.faults.set({ refuseOrderSocket: true });
    sim.dropOrderSockets();
    await streaming(false);
    try {
      const o = await placeResting();
      quoting = true;
      const adapter = (await live.factory((await store.db.select().from(brokerAccounts))[0]!))!;
      const b = await until('the simulator filled it', async () => {
        const b = await adapter.fetchOrder(o.brokerOrderId!);
        return b?.status === 'FILLED' ? b : undefined;
      });
      assert.equal((await order(o.id)).status, 'OPEN', 'nothing applied it yet');
      const [first, second] = await Promise.all([
        gateway.applyBrokerUpdate(accountId(), b),
        gateway.applyBrokerUpdate(accountId(), b),
        gateway.trackWorkingOrders(),
      ]);
      assert.ok([first, second].filter((r) => r === 'applied').length <= 1);
      const filled = await order(o.id);
      assert.equal(filled.status, 'FILLED');
      assert.equal((await fillsOf(o.id)).length, 1);
      const t = await trade(o.tradeId);
      assert.deepEqual([t.status, t.entryPricePaise], ['OPEN', 10_005]);
      assert.equal(await gateway.applyBrokerUpdate(accountId(), b), 'unchanged');
      assert.deepEqual(await order(o.id), filled);
    } finally {
      polling = true;
      sim.faults.set({ refuseOrderSocket: false });
    }
  });

  test('dropping the adapter (a mode change) stops its order stream', async () => {
    await streaming(true);
    const before = sim.connections().orders;
    assert.ok(before >= 1);
    await bus.publish(CHANNELS.accountMode, { accountId: accountId() });
    await streaming(false);
    await until('the socket closed at the simulator', () => (sim.connections().orders < before ? true : undefined));
  });
});
