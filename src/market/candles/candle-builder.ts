import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Candle, Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';

/**
 * Builds OHLCV candles of one timeframe from ticks. IST is UTC+05:30, and 330 minutes is a multiple of 1, 3, 5
 * and 15, so IST bar boundaries coincide with epoch multiples of the timeframe.
 * A bar closes when a tick of a later bar arrives or when `flush(now)` passes its end; late ticks (older than
 * the open bar) are dropped and counted, never reopening a closed bar.
 */
export interface CandleBuilder {
  /** Feeds a tick; returns any candles it closed. */
  onTick(tick: Tick): Candle[];
  /** Closes every bar that ended at or before `now`. */
  flush(now: number): Candle[];
  readonly lateTicks: number;
}

interface OpenBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volumeAtOpen: number;
  lastVolume: number;
}

export function createCandleBuilder(timeframeMin: number): CandleBuilder {
  const spanMs = timeframeMin * 60_000;
  const bars = new Map<InstrumentId, OpenBar>();
  let lateTicks = 0;
  const close = (id: InstrumentId, b: OpenBar): Candle => ({
    id,
    timeframeMin,
    start: b.start,
    open: b.open as Paise,
    high: b.high as Paise,
    low: b.low as Paise,
    close: b.close as Paise,
    volume: Math.max(0, b.lastVolume - b.volumeAtOpen),
  });
  return {
    get lateTicks() {
      return lateTicks;
    },
    onTick(t) {
      const start = Math.floor(t.ts / spanMs) * spanMs;
      const bar = bars.get(t.id);
      const closed: Candle[] = [];
      if (bar && start < bar.start) {
        lateTicks++;
        return closed;
      }
      if (bar && start === bar.start) {
        bar.high = Math.max(bar.high, t.ltp);
        bar.low = Math.min(bar.low, t.ltp);
        bar.close = t.ltp;
        bar.lastVolume = t.volume;
        return closed;
      }
      if (bar) closed.push(close(t.id, bar));
      const prevVolume = bar?.lastVolume ?? t.volume;
      bars.set(t.id, {
        start,
        open: t.ltp,
        high: t.ltp,
        low: t.ltp,
        close: t.ltp,
        volumeAtOpen: prevVolume,
        lastVolume: t.volume,
      });
      return closed;
    },
    flush(now) {
      const closed: Candle[] = [];
      for (const [id, b] of bars) {
        if (b.start + spanMs <= now) {
          closed.push(close(id, b));
          bars.delete(id);
        }
      }
      return closed;
    },
  };
}
