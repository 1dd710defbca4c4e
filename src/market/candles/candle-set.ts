import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Candle, Tick } from '#src/domain/market/tick';
import { type CandleBuilder, createCandleBuilder } from './candle-builder';

/** The timeframes the platform builds, stores and serves, in minutes. */
export const CANDLE_TIMEFRAMES = [1, 3, 5, 15] as const;
export type CandleTimeframe = (typeof CANDLE_TIMEFRAMES)[number];

export function isCandleTimeframe(n: number): n is CandleTimeframe {
  return (CANDLE_TIMEFRAMES as readonly number[]).includes(n);
}

/** One builder per timeframe over the same ticks. */
export interface CandleSet {
  onTicks(ticks: readonly Tick[]): Candle[];
  flush(now: number): Candle[];
  /** The bar in progress, for charts. */
  current(id: InstrumentId, timeframeMin: CandleTimeframe): Candle | undefined;
  lateTicks(): number;
}

/** Builds 1/3/5/15-minute candles (or the given timeframes) from the same tick stream. */
export function createCandleSet(opts: { timeframes?: readonly CandleTimeframe[]; graceMs?: number } = {}): CandleSet {
  const builders = new Map<number, CandleBuilder>(
    (opts.timeframes ?? CANDLE_TIMEFRAMES).map((tf) => [tf, createCandleBuilder(tf, { graceMs: opts.graceMs })]),
  );
  return {
    onTicks(ticks) {
      const out: Candle[] = [];
      for (const b of builders.values()) for (const t of ticks) b.onTick(t, out);
      return out;
    },
    flush(now) {
      return [...builders.values()].flatMap((b) => b.flush(now));
    },
    current: (id, tf) => builders.get(tf)?.current(id),
    lateTicks: () => [...builders.values()].reduce((n, b) => n + b.lateTicks, 0),
  };
}
