import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { exitOrderId } from '#src/domain/order';
import { tables } from '#src/platform/db';
import { exitOrderFor } from './square-off';
import { writeEntryWave } from './testing/fixtures';
import { createGatewayHarness, HARNESS_START, NIFTY_CE } from './testing/harness';

const DAY = '2026-11-26';
const wave = (waveId: string, qty: number, accounts?: number[]) => ({
  waveId,
  instrumentId: NIFTY_CE,
  side: 'BUY' as const,
  qtyUnits: () => qty,
  at: HARNESS_START,
  day: DAY,
  ...(accounts ? { accounts } : {}),
});

describe('order gateway', () => {
  test('an order above the freeze quantity goes out as whole-lot slices with derived ids, as protected limits', async () => {
    const h = await createGatewayHarness({
      accounts: 1,
      mode: 'live',
      broker: { capabilities: { marketOrders: 'none' } },
    });
    try {
      const [cmd] = await writeEntryWave(h.db, h.seeded, wave('w-slice', 65 * 60));
      await h.enqueue([cmd!]);
      await h.settle();
      // freeze 1800 → largest whole-lot slice 1755 (27 lots): 1755 + 1755 + 390
      assert.deepEqual(
        h.broker.requests.map((r) => r.qtyUnits),
        [1755, 1755, 390],
      );
      assert.deepEqual(
        h.broker.requests.map((r) => r.clientOrderId),
        ['S00', 'S01', 'S02'].map((s) => `${cmd!.clientOrderId}${s}`),
      );
      // MARKET is blocked at this broker: a LIMIT 2 % above the ask (100.05 → 102.051 → 102.10), rounded up to the tick.
      for (const r of h.broker.requests) assert.deepEqual([r.orderType, r.limitPricePaise], ['LIMIT', 102_10]);
      const [parent] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, cmd!.orderId));
      assert.equal(parent!.status, 'FILLED');
      assert.equal(parent!.filledQtyUnits, 3900);
      const trade = await h.trade(parent!.tradeId);
      assert.equal(trade!.status, 'OPEN');
      assert.equal(trade!.qtyUnits, 3900);
    } finally {
      await h.close();
    }
  });

  test('a repeated exit of the same quantity is a duplicate; a further partial exit is not', async () => {
    const h = await createGatewayHarness({ accounts: 1, mode: 'live' });
    try {
      const [entry] = await writeEntryWave(h.db, h.seeded, wave('w-exit', 130));
      await h.enqueue([entry!]);
      await h.settle();
      const [o] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, entry!.orderId));
      const trade = (await h.trade(o!.tradeId))!;
      assert.equal(trade.status, 'OPEN');
      const first = await exitOrderFor(h, trade, 'MANUAL');
      assert.ok(first);
      // The same exit again (a second monitor, a replayed request) and the same command delivered twice.
      assert.equal(await exitOrderFor(h, { ...trade, status: 'OPEN' }, 'MANUAL'), undefined);
      await h.enqueue([first, first]);
      await h.settle();
      const exitsSent = () => h.broker.requests.filter((r) => r.side === 'SELL');
      assert.equal(exitsSent().length, 1);
      // A further partial exit: a different open quantity gives a different key, so it is a new order.
      const partial = exitOrderId({ tradeId: trade.id, openQtyUnits: 65, exitQtyUnits: 65 });
      assert.notEqual(partial, first.clientOrderId);
      assert.equal(exitOrderId({ tradeId: trade.id, openQtyUnits: 130, exitQtyUnits: 130 }), first.clientOrderId);
    } finally {
      await h.close();
    }
  });

  test('a timeout after the broker created the order is resolved by tag, without a second order', async () => {
    const h = await createGatewayHarness({
      accounts: 2,
      mode: 'live',
      broker: { outcome: (_r, n) => (n === 1 ? 'timeout-created' : n === 2 ? 'unavailable' : 'ok') },
    });
    try {
      const commands = await writeEntryWave(h.db, h.seeded, wave('w-timeout', 65));
      await h.enqueue(commands);
      await h.settle();
      // The first request timed out but created its order: found by tag, not resent. The second failed with 5xx
      // and created nothing: looked up, not found, resent once (the third request).
      assert.equal(h.broker.requests.length, 3);
      const tags = h.broker.book.map((b) => b.clientOrderId).sort();
      assert.deepEqual(tags, commands.map((c) => c.clientOrderId).sort());
      for (const o of await h.orders()) assert.equal(o.status, 'FILLED');
    } finally {
      await h.close();
    }
  });

  test('consecutive rejections halt only that account; its next entry trades paper until resumed', async () => {
    const h = await createGatewayHarness({
      accounts: 2,
      mode: 'live',
      limits: { maxConsecutiveErrors: 2, maxDayLossPaise: 1e12 },
    });
    const bad = h.seeded.accounts[0]!.accountId;
    const good = h.seeded.accounts[1]!.accountId;
    try {
      const badAdapter = h.broker.adapter(bad);
      const original = badAdapter.createOrder.bind(badAdapter);
      badAdapter.createOrder = async () => {
        const { BrokerError } = await import('#src/brokers/contract');
        throw new BrokerError('REJECTED', 'memory', 'RMS: blocked');
      };
      for (const w of ['w-h1', 'w-h2']) {
        await h.enqueue(await writeEntryWave(h.db, h.seeded, wave(w, 65)));
        await h.settle();
      }
      const accounts = await h.db.select().from(tables.brokerAccounts);
      const mode = (id: string) => accounts.find((a) => a.id === id)!;
      assert.deepEqual([mode(bad).effectiveMode, mode(bad).modeReason], ['paper', 'ACCOUNT_HALTED']);
      assert.deepEqual([mode(good).effectiveMode, mode(good).modeReason], ['live', null]);
      assert.equal(await h.halts.isAccountHalted(bad), true);
      assert.equal(await h.halts.isAccountHalted(good), false);
      badAdapter.createOrder = original;
      const next = await writeEntryWave(h.db, h.seeded, wave('w-h3', 65));
      await h.enqueue(next);
      await h.settle();
      const routes = new Map(
        (await h.orders()).filter((o) => next.some((c) => c.orderId === o.id)).map((o) => [o.accountId, o.route]),
      );
      assert.equal(routes.get(bad), 'paper');
      assert.equal(routes.get(good), 'live');
      assert.equal(await h.halts.resumeAccount({ accountId: bad, by: 'ops' }), true);
      const [resumed] = await h.db.select().from(tables.brokerAccounts).where(eq(tables.brokerAccounts.id, bad));
      assert.equal(resumed!.effectiveMode, 'live');
    } finally {
      await h.close();
    }
  });

  test('an entry still unfilled after the timeout is cancelled and its trade ends ENTRY_TIMEOUT', async () => {
    const h = await createGatewayHarness({ accounts: 1, mode: 'live', broker: { fillOnCreate: false } });
    try {
      const [cmd] = await writeEntryWave(h.db, h.seeded, wave('w-to', 65));
      await h.enqueue([cmd!]);
      await h.settle();
      assert.equal(await h.gateway.expireEntries(), 0);
      await h.clock.advanceBy(31_000);
      assert.equal(await h.gateway.expireEntries(), 1);
      const [o] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, cmd!.orderId));
      assert.deepEqual([o!.status, o!.rejectReason], ['CANCELLED', 'ENTRY_TIMEOUT']);
      assert.equal((await h.trade(o!.tradeId))!.status, 'ENTRY_TIMEOUT');
    } finally {
      await h.close();
    }
  });
});
