import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPaperAdapter } from '#src/brokers/paper';
import { istInstant } from '#src/domain/calendar';
import type { OrderCommand } from '#src/execution';
import { createLtpCache } from '#src/market';
import { STREAMS } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { assertTradingDay, orderSnapshot, TEST_DAY } from '#test/support/trading-day';

/** Real-time pause that lets the platform's async work (store, bus) catch up with the virtual clock. */
const breathe = (ms = 2) => new Promise((r) => setTimeout(r, ms));

async function settled(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await breathe(20);
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('a full simulated trading day, embedded (one process, PGlite + memory bus)', () => {
  const clock = createVirtualClock(istInstant(TEST_DAY, '09:10'));
  let running: RunningPlatform;

  before(async () => {
    running = await startPlatform({
      env: {
        DATA_DIR: ':memory:',
        LOG_LEVEL: 'warn',
        SIM_SEED: '7',
        SIM_TICK_MS: '1000',
        SIM_UNDERLYINGS: 'NIFTY',
        SEED_DEMO: 'true',
      },
      roles: ['executor', 'scheduler', 'strategy', 'feed'],
      overrides: { clock },
    });
  });
  after(async () => running?.stop());

  test('one wave at the breakout, one filled order per mapped account, exits by SL/target or 15:15, P&L = fills × qty', async () => {
    const db = running.platform.store.db;
    const end = istInstant(TEST_DAY, '15:45');
    while (clock.now() < end) {
      await clock.advanceBy(60_000);
      await breathe();
    }
    await settled(async () => {
      const trades = await db.select().from(tables.trades);
      return trades.length > 0 && trades.every((t) => t.status === 'CLOSED');
    }, 'every trade to close');
    const result = await assertTradingDay(db);
    console.log(`embedded day: ${result.orders} orders, P&L by trader (paise): ${JSON.stringify(result.pnlByUser)}`);
  });

  test('replaying every order command (re-delivery) creates no second order', async () => {
    const { db } = running.platform.store;
    const { bus } = running.platform;
    const before = await orderSnapshot(db);
    const orders = await db.select().from(tables.orders);
    const replay: OrderCommand[] = orders.map((o) => ({
      v: 1,
      kind: 'PLACE',
      orderId: o.id,
      clientOrderId: o.clientOrderId,
      enqueuedAt: Date.now(),
    }));
    await bus.appendMany(STREAMS.orderCommands, replay);
    await settled(
      async () => (await bus.pendingCount(STREAMS.orderCommands, 'executor')) === 0,
      'replayed commands to be handled',
    );
    await breathe(200);
    assert.deepEqual(await orderSnapshot(db), before, 'order rows unchanged');
    // The paper broker itself holds exactly one order per client order id.
    const ltp = createLtpCache(bus);
    for (const accountId of new Set(orders.map((o) => o.accountId))) {
      const paper = createPaperAdapter({ bus, clock, accountId, quote: (id) => ltp.read(id) });
      const atBroker = await paper.fetchOrders();
      const ids = atBroker.map((o) => o.clientOrderId);
      assert.equal(new Set(ids).size, ids.length, 'no duplicate client order ids at the broker');
      assert.equal(
        atBroker.length,
        orders.filter((o) => o.accountId === accountId).length,
        'one broker order per order row',
      );
    }
  });
});
