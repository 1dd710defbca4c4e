import { z } from 'zod';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';

/** What a consumer (an API process's clients, a strategy worker) asks the feed to quote, as one message. */
export const demandMessageSchema = z.object({
  /** A stable name of the consumer, e.g. `api:host:pid`. */
  owner: z.string().min(1).max(200),
  /** The consumer's whole current need; replaces what it asked before. */
  ids: z.array(z.string().min(1).max(100)).max(20_000),
});
export type DemandMessage = z.infer<typeof demandMessageSchema>;

/**
 * Ref-counted subscription management: each owner declares the instruments it needs; an instrument is
 * subscribed while at least one owner (or the feed's own base set) needs it. Owners renew within `leaseMs`, so
 * the needs of a crashed process expire instead of pinning subscriptions forever.
 */
export interface DemandRegistry {
  /** Replaces an owner's need at `now`. */
  declare(owner: string, ids: readonly InstrumentId[], now: number): void;
  /** Drops owners that have not renewed within the lease. */
  sweep(now: number): void;
  /** How many owners (base set included) need the instrument. */
  refCount(id: InstrumentId): number;
  subscribed(): InstrumentId[];
}

export function createDemandRegistry(deps: {
  base: readonly InstrumentId[];
  leaseMs: number;
  onChange: (added: InstrumentId[], removed: InstrumentId[]) => void;
}): DemandRegistry {
  const counts = new Map<InstrumentId, number>();
  const owners = new Map<string, { ids: Set<InstrumentId>; renewedAt: number }>();
  const add = (ids: Iterable<InstrumentId>, added: InstrumentId[]) => {
    for (const id of ids) {
      const n = counts.get(id) ?? 0;
      counts.set(id, n + 1);
      if (n === 0) added.push(id);
    }
  };
  const remove = (ids: Iterable<InstrumentId>, removed: InstrumentId[]) => {
    for (const id of ids) {
      const n = counts.get(id) ?? 0;
      if (n <= 1) {
        counts.delete(id);
        if (n === 1) removed.push(id);
      } else counts.set(id, n - 1);
    }
  };
  const emit = (added: InstrumentId[], removed: InstrumentId[]) => {
    if (added.length > 0 || removed.length > 0) deps.onChange(added, removed);
  };
  add(new Set(deps.base), []);
  return {
    declare(owner, ids, now) {
      const next = new Set(ids);
      const prev = owners.get(owner)?.ids ?? new Set<InstrumentId>();
      const added: InstrumentId[] = [];
      const removed: InstrumentId[] = [];
      add(
        [...next].filter((id) => !prev.has(id)),
        added,
      );
      remove(
        [...prev].filter((id) => !next.has(id)),
        removed,
      );
      if (next.size === 0) owners.delete(owner);
      else owners.set(owner, { ids: next, renewedAt: now });
      emit(added, removed);
    },
    sweep(now) {
      const removed: InstrumentId[] = [];
      for (const [owner, o] of owners) {
        if (now - o.renewedAt <= deps.leaseMs) continue;
        owners.delete(owner);
        remove(o.ids, removed);
      }
      emit([], removed);
    },
    refCount: (id) => counts.get(id) ?? 0,
    subscribed: () => [...counts.keys()],
  };
}
