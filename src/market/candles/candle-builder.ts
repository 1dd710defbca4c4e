import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Candle, Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';

/**
 * Builds OHLCV candles of one timeframe from ticks. IST is UTC+05:30, and 330 minutes is a multiple of 1, 3, 5
 * and 15, so IST bar boundaries (and the 09:00 / 09:15 session opens) coincide with epoch multiples of the
 * timeframe. A bar is emitted `graceMs` after its end (by tick time or `flush`), so a tick that arrives out of
 * order within the grace still lands in its own bar; a tick older than that is dropped and counted, never
 * reopening an emitted bar.
 */
export interface CandleBuilder {
  /** Feeds a tick; returns any candles whose grace it passed, appended to `out` when given (no allocation). */
  onTick(tick: Tick, out?: Candle[]): Candle[];
  /** Emits every bar whose end plus grace is at or before `now`. */
  flush(now: number): Candle[];
  /** The bar still being built for an instrument (charts show it as the last, partial candle). */
  current(id: InstrumentId): Candle | undefined;
  readonly timeframeMin: number;
  readonly lateTicks: number;
}

interface Bar {
  readonly start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** ts of the tick that set `close`: an older tick changes high/low but not the close. */
  closeTs: number;
  volumeAtOpen: number;
  lastVolume: number;
}

interface Slot {
  open: Bar;
  /** The previous bar, held until its grace passes. */
  pending: Bar | undefined;
}

const newBar = (start: number, t: Tick, volumeAtOpen: number): Bar => ({
  start,
  open: t.ltp,
  high: t.ltp,
  low: t.ltp,
  close: t.ltp,
  closeTs: t.ts,
  volumeAtOpen,
  lastVolume: t.volume,
});

function amend(bar: Bar, t: Tick): void {
  if (t.ltp > bar.high) bar.high = t.ltp;
  if (t.ltp < bar.low) bar.low = t.ltp;
  if (t.ts >= bar.closeTs) {
    bar.close = t.ltp;
    bar.closeTs = t.ts;
  }
  if (t.volume > bar.lastVolume) bar.lastVolume = t.volume;
}

export function createCandleBuilder(timeframeMin: number, opts: { graceMs?: number } = {}): CandleBuilder {
  const spanMs = timeframeMin * 60_000;
  const graceMs = opts.graceMs ?? 0;
  const slots = new Map<InstrumentId, Slot>();
  /** Per instrument whose slot was flushed: the last emitted bar's start and cumulative volume. */
  const flushed = new Map<InstrumentId, { start: number; lastVolume: number }>();
  let lateTicks = 0;
  const toCandle = (id: InstrumentId, b: Bar): Candle => ({
    id,
    timeframeMin,
    start: b.start,
    open: b.open as Paise,
    high: b.high as Paise,
    low: b.low as Paise,
    close: b.close as Paise,
    volume: Math.max(0, b.lastVolume - b.volumeAtOpen),
  });
  const isDue = (b: Bar, now: number) => b.start + spanMs + graceMs <= now;

  const roll = (t: Tick, slot: Slot, start: number, out: Candle[]): void => {
    if (slot.pending) out.push(toCandle(t.id, slot.pending));
    const prev = slot.open;
    // Cumulative day volume restarts at a new day: the first bar then counts from zero.
    const volumeAtOpen = t.volume >= prev.lastVolume ? prev.lastVolume : 0;
    slot.pending = prev;
    slot.open = newBar(start, t, volumeAtOpen);
  };

  return {
    timeframeMin,
    get lateTicks() {
      return lateTicks;
    },
    onTick(t, out = []) {
      const start = Math.floor(t.ts / spanMs) * spanMs;
      const slot = slots.get(t.id);
      if (!slot) {
        const before = flushed.get(t.id);
        if (before && start <= before.start) {
          lateTicks++;
          return out;
        }
        const volumeAtOpen = !before ? t.volume : t.volume >= before.lastVolume ? before.lastVolume : 0;
        slots.set(t.id, { open: newBar(start, t, volumeAtOpen), pending: undefined });
        return out;
      }
      if (start === slot.open.start) amend(slot.open, t);
      else if (start > slot.open.start) roll(t, slot, start, out);
      else if (slot.pending && start === slot.pending.start && !isDue(slot.pending, t.ts)) amend(slot.pending, t);
      else lateTicks++;
      if (slot.pending && isDue(slot.pending, t.ts)) {
        out.push(toCandle(t.id, slot.pending));
        slot.pending = undefined;
      }
      return out;
    },
    flush(now) {
      const out: Candle[] = [];
      for (const [id, slot] of slots) {
        if (slot.pending && isDue(slot.pending, now)) {
          out.push(toCandle(id, slot.pending));
          slot.pending = undefined;
        }
        if (isDue(slot.open, now)) {
          out.push(toCandle(id, slot.open));
          flushed.set(id, { start: slot.open.start, lastVolume: slot.open.lastVolume });
          slots.delete(id);
        }
      }
      return out;
    },
    current(id) {
      const slot = slots.get(id);
      return slot ? toCandle(id, slot.open) : undefined;
    },
  };
}
