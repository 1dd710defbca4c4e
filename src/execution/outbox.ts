import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { type Bus, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { OrderCommand } from './messages';

const { orders } = tables;

/**
 * Re-enqueues orders whose command may be lost: NEW some time after they were written (a producer crashed between
 * its commit and its enqueue), and SUBMITTED/UNKNOWN long after their last move (the bus lost the stream, e.g. a
 * Redis restart without persistence). Executors are idempotent, so a spare command costs a lookup at most.
 * `inFlightMs` must exceed the longest broker call, so a handler still waiting for its broker is not raced.
 */
export async function sweepOrderOutbox(
  deps: { db: Db; bus: Bus; clock: Clock },
  olderThanMs: number,
  inFlightMs = 60_000,
): Promise<number> {
  const now = deps.clock.now();
  const stale = await deps.db
    .select({ id: orders.id, clientOrderId: orders.clientOrderId, status: orders.status, updatedAt: orders.updatedAt })
    .from(orders)
    .where(
      or(
        and(eq(orders.status, 'NEW'), lt(orders.updatedAt, now - olderThanMs)),
        and(inArray(orders.status, ['SUBMITTED', 'UNKNOWN']), lt(orders.updatedAt, now - inFlightMs)),
      ),
    );
  if (stale.length === 0) return 0;
  const commands: OrderCommand[] = [];
  for (const o of stale) {
    if (await claimResend(deps, o, now, olderThanMs))
      commands.push({ v: 1, kind: 'PLACE', orderId: o.id, clientOrderId: o.clientOrderId, enqueuedAt: Date.now() });
  }
  if (commands.length > 0) await deps.bus.appendMany(STREAMS.orderCommands, commands);
  return commands.length;
}

/**
 * Each stale order is re-enqueued once per `olderThanMs`, by one executor. A NEW row is touched (compare-and-set),
 * so a handler still holding the old row loses its next move. A SUBMITTED/UNKNOWN row is left as it is — its age
 * is what tells a handler that no other send can still be in flight — and a bus key dedupes instead.
 */
async function claimResend(
  deps: { db: Db; bus: Bus },
  o: { id: string; status: string; updatedAt: number },
  now: number,
  olderThanMs: number,
): Promise<boolean> {
  if (o.status !== 'NEW') return deps.bus.setIfAbsent(`sweep:order:${o.id}`, '1', olderThanMs);
  const touched = await deps.db
    .update(orders)
    .set({ updatedAt: Math.max(now, o.updatedAt + 1) })
    .where(and(eq(orders.id, o.id), eq(orders.status, o.status), eq(orders.updatedAt, o.updatedAt)))
    .returning({ id: orders.id });
  return touched.length > 0;
}
