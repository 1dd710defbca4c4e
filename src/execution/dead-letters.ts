import { desc } from 'drizzle-orm';
import { type Bus, type Json, STREAMS, type StreamEntry } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';

const { orderDeadLetters } = tables;

/** Commands that cannot be processed: kept with the reason in the store (listed to ops) and on the bus stream. */
export interface DeadLetters {
  add(reason: string, entry: StreamEntry): Promise<void>;
  list(limit: number): Promise<(typeof orderDeadLetters.$inferSelect)[]>;
}

export function createDeadLetters(deps: {
  db: Db;
  bus: Bus;
  clock: Clock;
  log?: Logger;
  metrics?: Metrics;
}): DeadLetters {
  return {
    async add(reason, entry) {
      const at = deps.clock.now();
      deps.log?.error({ reason, entryId: entry.id }, 'order command dead-lettered');
      await deps.db.insert(orderDeadLetters).values({
        entryId: entry.id,
        reason,
        message: entry.message as Json as Record<string, unknown>,
        deliveries: entry.deliveries,
        at,
      });
      await deps.bus.append(STREAMS.orderDeadLetters, { reason, entryId: entry.id, message: entry.message, at });
      deps.metrics?.commandsProcessed.inc({ kind: 'unknown', result: 'dead_letter' });
    },
    list: (limit) => deps.db.select().from(orderDeadLetters).orderBy(desc(orderDeadLetters.id)).limit(limit),
  };
}
