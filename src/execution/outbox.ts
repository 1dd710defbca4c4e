import { and, eq, inArray, lt } from 'drizzle-orm';
import { type Bus, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { OrderCommand } from './messages';

const { orders } = tables;

/**
 * Re-enqueues orders still NEW some time after they were written: a producer that crashed between its commit and
 * its enqueue loses no order. Executors are idempotent, so a spare command costs nothing.
 */
export async function sweepOrderOutbox(deps: { db: Db; bus: Bus; clock: Clock }, olderThanMs: number): Promise<number> {
  const stale = await deps.db
    .select({ id: orders.id, clientOrderId: orders.clientOrderId })
    .from(orders)
    .where(and(eq(orders.status, 'NEW'), lt(orders.updatedAt, deps.clock.now() - olderThanMs)));
  if (stale.length === 0) return 0;
  // Touch them so a stalled executor pool is not flooded: each order is re-sent at most once per interval.
  await deps.db
    .update(orders)
    .set({ updatedAt: deps.clock.now() })
    .where(
      and(
        inArray(
          orders.id,
          stale.map((o) => o.id),
        ),
        eq(orders.status, 'NEW'),
      ),
    );
  const commands: OrderCommand[] = stale.map((o) => ({
    v: 1,
    kind: 'PLACE',
    orderId: o.id,
    clientOrderId: o.clientOrderId,
    enqueuedAt: Date.now(),
  }));
  await deps.bus.appendMany(STREAMS.orderCommands, commands);
  return commands.length;
}
