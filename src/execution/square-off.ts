import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { exitOrderId } from '#src/domain/order';
import { type Bus, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { OrderCommand } from './messages';

const { trades, orders, brokerAccounts } = tables;
type Trade = typeof trades.$inferSelect;

export interface SquareOffResult {
  /** Exit orders created for open trades. */
  readonly exits: number;
  /** Cancels sent for entry orders still working. */
  readonly cancels: number;
}

/**
 * Exit order for one open trade (OPEN → EXITING), with the same quantity-aware client order id the strategy engine
 * uses, so a square-off racing a strategy exit yields one order. The gateway slices it like any other order.
 */
export async function exitOrderFor(deps: { db: Db; clock: Clock }, trade: Trade, reason: string) {
  const now = deps.clock.now();
  const clientOrderId = exitOrderId({ tradeId: trade.id, openQtyUnits: trade.qtyUnits, exitQtyUnits: trade.qtyUnits });
  return deps.db.transaction(async (tx) => {
    const moved = await tx
      .update(trades)
      .set({ status: 'EXITING', exitReason: reason })
      .where(and(eq(trades.id, trade.id), eq(trades.status, 'OPEN')))
      .returning({ id: trades.id });
    if (moved.length === 0) return undefined;
    const [account] = await tx.select().from(brokerAccounts).where(eq(brokerAccounts.id, trade.accountId));
    const [order] = await tx
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
    if (!order) return undefined;
    return { v: 1, kind: 'PLACE', orderId: order.id, clientOrderId, enqueuedAt: Date.now() } satisfies OrderCommand;
  });
}

/**
 * Squares off one account (or every account): exits every open trade and cancels every working entry. Used by the
 * kill switch and by ops; each order goes through the gateway, so slicing and rate limits apply.
 */
export async function squareOff(
  deps: { db: Db; bus: Bus; clock: Clock },
  p: { accountId?: string; reason: string },
): Promise<SquareOffResult> {
  const scope = (c: SQL | undefined) => (p.accountId ? and(c, eq(trades.accountId, p.accountId)) : c);
  const open = await deps.db
    .select()
    .from(trades)
    .where(scope(eq(trades.status, 'OPEN')));
  const commands: OrderCommand[] = [];
  for (const t of open) {
    const cmd = await exitOrderFor(deps, t, p.reason);
    if (cmd) commands.push(cmd);
  }
  const exits = commands.length;
  const entries = await deps.db
    .select({ id: orders.id, clientOrderId: orders.clientOrderId })
    .from(orders)
    .innerJoin(trades, eq(trades.id, orders.tradeId))
    .where(
      scope(
        and(
          eq(trades.status, 'PENDING_ENTRY'),
          eq(orders.purpose, 'ENTRY'),
          inArray(orders.status, ['NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED']),
        ),
      ),
    );
  for (const e of entries)
    commands.push({ v: 1, kind: 'CANCEL', orderId: e.id, clientOrderId: e.clientOrderId, enqueuedAt: Date.now() });
  if (commands.length > 0) await deps.bus.appendMany(STREAMS.orderCommands, commands);
  return { exits, cancels: entries.length };
}
