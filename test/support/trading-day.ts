/**
 * Shared checks for a simulated trading day of the demo setting (MYN_OPT on NIFTY, two mapped paper accounts with lot
 * multipliers 1 and 2). The embedded and the split-process tests run the same assertions.
 */
import assert from 'node:assert/strict';
import { asc } from 'drizzle-orm';
import { istInstant } from '#src/domain/calendar';
import { DEMO_USERS } from '#src/ops';
import { type Db, tables } from '#src/platform/db';

/** A Thursday on which NFO trades (2026-12-03): the nearest NIFTY weekly is Tuesday 2026-12-08. */
export const TEST_DAY = '2026-12-03';
export const NIFTY_LOT = 65;

export async function loadDay(db: Db) {
  const waves = await db.select().from(tables.signalWaves).orderBy(asc(tables.signalWaves.createdAt));
  const trades = await db.select().from(tables.trades);
  const orders = await db.select().from(tables.orders);
  const fills = await db.select().from(tables.fills);
  const users = await db.select().from(tables.users);
  const maps = await db.select().from(tables.strategyMaps);
  return { waves, trades, orders, fills, users, maps };
}

/** Every trade has reached a final state. */
export async function dayIsSettled(db: Db): Promise<boolean> {
  const { trades, waves } = await loadDay(db);
  return waves.length > 0 && trades.length > 0 && trades.every((t) => t.status === 'CLOSED' || t.status === 'REJECTED');
}

export async function assertTradingDay(db: Db): Promise<{ orders: number; pnlByUser: Record<string, number> }> {
  const { waves, trades, orders, fills, users, maps } = await loadDay(db);
  // Exactly one wave, at the breakout: after the 09:15–09:30 opening range, inside the 09:30–14:30 entry window.
  assert.equal(waves.length, 1, `expected one signal wave, got ${waves.length}`);
  const wave = waves[0]!;
  assert.ok(wave.createdAt >= istInstant(TEST_DAY, '09:31'), 'wave comes after the opening range');
  assert.ok(wave.createdAt <= istInstant(TEST_DAY, '14:31'), 'wave comes inside the entry window');

  // One trade and one filled entry order per mapped account, sized lots × multiplier × lot size.
  const traders = DEMO_USERS.filter((u) => u.role === 'trader');
  assert.equal(trades.length, traders.length, 'one trade per mapped account');
  assert.equal(new Set(trades.map((t) => t.accountId)).size, maps.length);
  const pnlByUser: Record<string, number> = {};
  for (const demo of traders) {
    const user = users.find((u) => u.email === demo.email)!;
    const trade = trades.find((t) => t.userId === user.id);
    assert.ok(trade, `a trade for ${demo.email}`);
    assert.equal(trade.waveId, wave.id);
    assert.equal(
      trade.qtyUnits,
      demo.lotMultiplier * NIFTY_LOT,
      `${demo.email} trades ${demo.lotMultiplier} lot(s) of ${NIFTY_LOT}`,
    );
    assert.equal(trade.status, 'CLOSED', `${demo.email}'s trade is closed by the end of the day`);
    const entry = orders.filter((o) => o.tradeId === trade.id && o.purpose === 'ENTRY');
    const exit = orders.filter((o) => o.tradeId === trade.id && o.purpose === 'EXIT');
    assert.equal(entry.length, 1, 'one entry order');
    assert.equal(exit.length, 1, 'one exit order');
    assert.equal(entry[0]!.status, 'FILLED');
    assert.equal(exit[0]!.status, 'FILLED');
    assert.equal(entry[0]!.route, 'paper');
    // Exits by SL or target, or by the 15:15 square-off.
    assert.ok(['SL', 'TARGET', 'TIME_EXIT'].includes(trade.exitReason ?? ''), `exit reason ${trade.exitReason}`);
    if (trade.exitReason === 'TIME_EXIT')
      assert.ok(trade.exitedAt! >= istInstant(TEST_DAY, '15:15'), 'square-off not before 15:15');
    else assert.ok(trade.exitedAt! < istInstant(TEST_DAY, '15:16'), 'SL/target exit before the square-off');
    // P&L equals the fills × quantity.
    const entryFills = fills.filter((f) => f.orderId === entry[0]!.id);
    const exitFills = fills.filter((f) => f.orderId === exit[0]!.id);
    const buy = entryFills.reduce((s, f) => s + f.qtyUnits * f.pricePaise, 0);
    const sell = exitFills.reduce((s, f) => s + f.qtyUnits * f.pricePaise, 0);
    assert.equal(
      entryFills.reduce((s, f) => s + f.qtyUnits, 0),
      trade.qtyUnits,
      'entry fills cover the quantity',
    );
    assert.equal(
      exitFills.reduce((s, f) => s + f.qtyUnits, 0),
      trade.qtyUnits,
      'exit fills cover the quantity',
    );
    assert.equal(trade.pnlPaise, sell - buy, 'P&L = exit fills − entry fills');
    pnlByUser[demo.email] = trade.pnlPaise!;
  }
  return { orders: orders.length, pnlByUser };
}

/** Order rows by client order id, for before/after comparisons. */
export async function orderSnapshot(db: Db) {
  const rows = await db.select().from(tables.orders);
  return Object.fromEntries(
    rows.map((o) => [o.clientOrderId, { status: o.status, filled: o.filledQtyUnits, broker: o.brokerOrderId }]),
  );
}
