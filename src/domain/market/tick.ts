import type { InstrumentId } from '../instrument/instrument-id';
import type { Paise } from '../money/paise';

/** One market-data update for one instrument, normalised to the platform's vocabulary. */
export interface Tick {
  readonly id: InstrumentId;
  /** Last traded price. */
  readonly ltp: Paise;
  readonly bid: Paise;
  readonly ask: Paise;
  /** Cumulative traded volume for the day, in units. */
  readonly volume: number;
  /** Exchange time of the update, epoch ms UTC. */
  readonly ts: number;
}

/** One OHLCV bar. `start` is the bar's open instant, epoch ms UTC. */
export interface Candle {
  readonly id: InstrumentId;
  readonly timeframeMin: number;
  readonly start: number;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  readonly close: Paise;
  readonly volume: number;
}
