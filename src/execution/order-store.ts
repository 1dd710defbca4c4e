import { and, eq } from 'drizzle-orm';
import { canTransition, type OrderStatus } from '#src/domain/order';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';

const { orders, orderSlices } = tables;

/** An order row as the store holds it. */
export type OrderRow = typeof orders.$inferSelect;

/** Moves an order row along the transition table; undefined when another handler moved it first. */
export type OrderMove = (o: OrderRow, to: OrderStatus, set?: Partial<OrderRow>) => Promise<OrderRow | undefined>;

/**
 * Compare-and-set on (status, updatedAt): of two handlers holding the same row, exactly one wins each move, even a
 * same-status move (a resend from SUBMITTED), so two executors can never both send the same order.
 */
export function createOrderMove(db: Db, clock: Clock): OrderMove {
  return async (o, to, set = {}) => {
    if (o.status !== to && !canTransition(o.status as OrderStatus, to)) return undefined;
    const [row] = await db
      .update(orders)
      .set({ ...set, status: to, updatedAt: Math.max(clock.now(), o.updatedAt + 1) })
      .where(and(eq(orders.id, o.id), eq(orders.status, o.status), eq(orders.updatedAt, o.updatedAt)))
      .returning();
    return row;
  };
}

/** The parent of a slice, if `orderId` is one. */
export async function parentOf(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [link] = await db.select().from(orderSlices).where(eq(orderSlices.childOrderId, orderId));
  if (!link) return undefined;
  const [parent] = await db.select().from(orders).where(eq(orders.id, link.parentOrderId));
  return parent;
}

/** The children of a sliced order, in slice order (empty for an order that was not sliced). */
export async function childrenOf(db: Db, orderId: string): Promise<OrderRow[]> {
  const rows = await db
    .select({ o: orders, i: orderSlices.sliceIndex })
    .from(orderSlices)
    .innerJoin(orders, eq(orders.id, orderSlices.childOrderId))
    .where(eq(orderSlices.parentOrderId, orderId));
  return rows.sort((a, b) => a.i - b.i).map((r) => r.o);
}

export async function loadOrder(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [o] = await db.select().from(orders).where(eq(orders.id, orderId));
  return o;
}
