import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Candle } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { type Bus, KEYS } from '#src/platform/bus';

/**
 * The bars the feed's candle builder is still building, shared through the bus (`KEYS.liveCandles`) so every
 * API process can show the last, in-progress bar of a chart: the feed writes the bars of the instruments that
 * ticked, one `HSET` about once a second; a chart reads one field.
 */
export interface LiveCandles {
  write(bars: readonly Candle[]): Promise<void>;
  read(id: InstrumentId, timeframeMin: number): Promise<Candle | undefined>;
}

const field = (timeframeMin: number, id: string) => `${timeframeMin}:${id}`;

export function createLiveCandles(bus: Bus): LiveCandles {
  return {
    write(bars) {
      if (bars.length === 0) return Promise.resolve();
      const fields: Record<string, string> = {};
      for (const c of bars)
        fields[field(c.timeframeMin, c.id)] = `${c.start},${c.open},${c.high},${c.low},${c.close},${c.volume}`;
      return bus.hset(KEYS.liveCandles, fields);
    },
    async read(id, timeframeMin) {
      const packed = await bus.hget(KEYS.liveCandles, field(timeframeMin, id));
      if (packed === undefined) return undefined;
      const [start, open, high, low, close, volume] = packed.split(',').map(Number);
      const values = [start, open, high, low, close, volume];
      if (values.length !== 6 || !values.every((v) => Number.isFinite(v))) return undefined;
      return {
        id,
        timeframeMin,
        start: start as number,
        open: open as Paise,
        high: high as Paise,
        low: low as Paise,
        close: close as Paise,
        volume: volume as number,
      };
    },
  };
}
