import { and, eq } from 'drizzle-orm';
import { sliceOrderId } from '#src/domain/order';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { OrderCommand } from './messages';
import type { OrderRow } from './order-store';
import type { Route } from './routing';

const { orders, orderSlices } = tables;

/**
 * Replaces a NEW order above the freeze quantity by child orders, in one transaction: the parent moves to OPEN
 * (it is never sent itself) and each child is a NEW row with an id derived from the parent and its slice index.
 * Returns the children's PLACE commands; none when another handler sliced the parent first.
 */
export async function sliceOrder(
  deps: { db: Db; clock: Clock },
  parent: OrderRow,
  quantities: readonly number[],
  r: Route,
): Promise<OrderCommand[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const moved = await tx
      .update(orders)
      .set({ status: 'OPEN', route: r.route, routeReason: r.reason, broker: r.broker, updatedAt: now })
      .where(and(eq(orders.id, parent.id), eq(orders.status, 'NEW')))
      .returning({ id: orders.id });
    if (moved.length === 0) return [];
    const commands: OrderCommand[] = [];
    for (const [i, qty] of quantities.entries()) {
      const clientOrderId = sliceOrderId(parent.clientOrderId, i);
      const [child] = await tx
        .insert(orders)
        .values({
          clientOrderId,
          tradeId: parent.tradeId,
          accountId: parent.accountId,
          userId: parent.userId,
          purpose: parent.purpose,
          instrumentId: parent.instrumentId,
          side: parent.side,
          qtyUnits: qty,
          orderType: parent.orderType,
          limitPricePaise: parent.limitPricePaise,
          status: 'NEW',
          filledQtyUnits: 0,
          avgPricePaise: 0,
          broker: r.broker,
          route: r.route,
          routeReason: r.reason,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: orders.id });
      await tx.insert(orderSlices).values({ parentOrderId: parent.id, sliceIndex: i, childOrderId: child!.id });
      commands.push({ v: 1, kind: 'PLACE', orderId: child!.id, clientOrderId, enqueuedAt: Date.now() });
    }
    return commands;
  });
}
