import { and, eq } from 'drizzle-orm';
import { exitOrderId } from '#src/domain/order';
import type { OrderCommand } from '#src/execution';
import { type Bus, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';

const { trades, orders, brokerAccounts } = tables;
type Trade = typeof trades.$inferSelect;

/** Exit reasons recorded on a trade. */
export type ExitReason = 'SL' | 'TARGET' | 'TIME_EXIT' | 'STRATEGY_EXIT' | 'MANUAL' | 'KILL_SWITCH';

/**
 * Closes a trade: OPEN → EXITING and one exit order, in one transaction. The exit's client order id includes the
 * quantities, so the same exit requested twice (two monitors, a replay) is one order.
 */
export async function exitTrade(
  deps: { db: Db; bus: Bus; clock: Clock },
  trade: Trade,
  reason: ExitReason,
): Promise<boolean> {
  const now = deps.clock.now();
  const clientOrderId = exitOrderId({ tradeId: trade.id, openQtyUnits: trade.qtyUnits, exitQtyUnits: trade.qtyUnits });
  const command = await deps.db.transaction(async (tx) => {
    const moved = await tx
      .update(trades)
      .set({ status: 'EXITING', exitReason: reason })
      .where(and(eq(trades.id, trade.id), eq(trades.status, 'OPEN')))
      .returning({ id: trades.id });
    if (moved.length === 0) return undefined;
    const [account] = await tx.select().from(brokerAccounts).where(eq(brokerAccounts.id, trade.accountId));
    const inserted = await tx
      .insert(orders)
      .values({
        clientOrderId,
        tradeId: trade.id,
        accountId: trade.accountId,
        userId: trade.userId,
        purpose: 'EXIT',
        instrumentId: trade.instrumentId,
        side: trade.side === 'BUY' ? 'SELL' : 'BUY',
        qtyUnits: trade.qtyUnits,
        orderType: 'MARKET',
        status: 'NEW',
        filledQtyUnits: 0,
        avgPricePaise: 0,
        broker: account?.broker ?? 'paper',
        route: account?.effectiveMode ?? 'paper',
        routeReason: account?.modeReason ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: orders.id });
    const order = inserted[0];
    if (!order) return undefined; // this exact exit exists already
    return { v: 1, kind: 'PLACE', orderId: order.id, clientOrderId, enqueuedAt: Date.now() } satisfies OrderCommand;
  });
  if (command) await deps.bus.append(STREAMS.orderCommands, command);
  return command !== undefined;
}
