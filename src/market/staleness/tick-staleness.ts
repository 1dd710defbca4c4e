import type { TradingCalendar } from '#src/domain/calendar';
import type { Segment } from '#src/domain/instrument/instrument-id';
import { type Bus, CHANNELS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { decodeTickBatch } from '../ltp-cache';
import { createStalenessMonitor, type StalenessMonitor } from './staleness';

/** A staleness monitor fed from the bus's tick channel, for processes other than the feed (strategy, API). */
export interface TickStaleness extends StalenessMonitor {
  stop(): Promise<void>;
}

/**
 * Subscribes to published tick batches and tracks staleness locally, so a stalled feed (no ticks at all) shows
 * up as stale in every process without another message.
 */
export async function createTickStaleness(deps: {
  bus: Bus;
  clock: Clock;
  calendar: TradingCalendar;
  staleAfterMs?: Partial<Record<Segment, number>>;
}): Promise<TickStaleness> {
  const monitor = createStalenessMonitor(deps);
  const sub = await deps.bus.subscribe(CHANNELS.ticks, (m) => monitor.onTicks(decodeTickBatch(m), deps.clock.now()));
  return { ...monitor, stop: () => sub.unsubscribe() };
}
