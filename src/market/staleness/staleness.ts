import type { TradingCalendar } from '#src/domain/calendar';
import { type InstrumentId, type Segment, segmentOf } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Clock } from '#src/platform/clock';

/**
 * How long an instrument may go without a tick, per segment, before its price is shown as stale. Index values
 * print every second or so; option and MCX quotes are thinner, so they get more room.
 */
export const DEFAULT_STALE_AFTER_MS: Readonly<Record<Segment, number>> = {
  NSE_INDEX: 5_000,
  BSE_INDEX: 5_000,
  MCX_INDEX: 10_000,
  NSE: 10_000,
  BSE: 15_000,
  NFO: 10_000,
  BFO: 15_000,
  MCX: 15_000,
};

const OPEN_CACHE_MS = 1_000;

/** Flags that changed in one check. */
export interface StaleChange {
  readonly stale: InstrumentId[];
  readonly recovered: InstrumentId[];
}

/**
 * Tracks the last tick of every instrument and says which are stale: older than their segment's threshold while
 * the segment's session is open (a closed market is not stale, it is closed). A session that just opened counts
 * from its open, so yesterday's last tick is not stale the instant the bell rings.
 */
export interface StalenessMonitor {
  /** Records ticks as received at `receivedAt` (the monitor's clock, not exchange time). */
  onTicks(ticks: readonly Tick[], receivedAt: number): void;
  /** True when the instrument's price is stale now. Unknown instruments are stale while their session is open. */
  isStale(id: InstrumentId): boolean;
  /** Ms since the instrument's last tick, or undefined when none was seen. */
  lastTickAgeMs(id: InstrumentId): number | undefined;
  /** Re-evaluates every instrument seen; returns the flags that changed since the last check. */
  check(): StaleChange;
  /** Instruments flagged stale at the last check. */
  staleIds(): InstrumentId[];
  /** How many instruments have ticked at least once. */
  trackedCount(): number;
}

export function createStalenessMonitor(deps: {
  clock: Clock;
  calendar: TradingCalendar;
  staleAfterMs?: Partial<Record<Segment, number>>;
}): StalenessMonitor {
  const { clock, calendar } = deps;
  const thresholds = { ...DEFAULT_STALE_AFTER_MS, ...deps.staleAfterMs };
  const lastSeen = new Map<InstrumentId, number>();
  const flagged = new Set<InstrumentId>();
  /** When each segment was first seen open in its current session (reset when seen closed). */
  const openSince = new Map<Segment, number>();

  /** isOpen answers, reused for a second: isStale runs per instrument on hot paths (every WS flush). */
  const openCache = new Map<Segment, { at: number; isOpen: boolean }>();
  const isOpen = (segment: Segment, now: number): boolean => {
    const hit = openCache.get(segment);
    if (hit && now >= hit.at && now - hit.at < OPEN_CACHE_MS) return hit.isOpen;
    const open = calendar.isOpen(segment, now);
    openCache.set(segment, { at: now, isOpen: open });
    return open;
  };

  const sessionStart = (segment: Segment, now: number): number | undefined => {
    if (!isOpen(segment, now)) {
      openSince.delete(segment);
      return undefined;
    }
    let since = openSince.get(segment);
    if (since === undefined) {
      since = now;
      openSince.set(segment, since);
    }
    return since;
  };

  const evaluate = (id: InstrumentId, now: number, since: number | undefined): boolean => {
    if (since === undefined) return false;
    const segment = segmentOf(id);
    const reference = Math.max(lastSeen.get(id) ?? 0, since);
    return now - reference > thresholds[segment];
  };

  return {
    onTicks(ticks, receivedAt) {
      for (const t of ticks) lastSeen.set(t.id, receivedAt);
    },
    isStale(id) {
      const now = clock.now();
      return evaluate(id, now, sessionStart(segmentOf(id), now));
    },
    lastTickAgeMs(id) {
      const seen = lastSeen.get(id);
      return seen === undefined ? undefined : clock.now() - seen;
    },
    check() {
      const now = clock.now();
      const since = new Map<Segment, number | undefined>();
      const stale: InstrumentId[] = [];
      const recovered: InstrumentId[] = [];
      for (const id of lastSeen.keys()) {
        const segment = segmentOf(id);
        if (!since.has(segment)) since.set(segment, sessionStart(segment, now));
        const isStale = evaluate(id, now, since.get(segment));
        if (isStale && !flagged.has(id)) {
          flagged.add(id);
          stale.push(id);
        } else if (!isStale && flagged.delete(id)) recovered.push(id);
      }
      return { stale, recovered };
    },
    staleIds: () => [...flagged],
    trackedCount: () => lastSeen.size,
  };
}
