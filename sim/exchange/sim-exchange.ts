import type { InstrumentId, Segment } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Clock, TimerHandle } from '#src/platform/clock';
import { createFuturesModel, type SimFuture } from './futures-model';
import { createMarketModel } from './market-model';
import { DEFAULT_RISK_FREE_RATE } from './option-chain';
import { DEFAULT_SMILE, type SmileShape } from './smile';
import type { SimUnderlying } from './types';

/** Options of the simulated exchange. */
export interface SimExchangeOptions {
  readonly clock: Clock;
  /** Same seed and same sequence of clock times give identical ticks. */
  readonly seed: number;
  readonly underlyings: readonly SimUnderlying[];
  /** MCX futures quoted beside the index chains; default none. */
  readonly futures?: readonly SimFuture[];
  /** Virtual ms between tick cycles, e.g. 1000. */
  readonly tickIntervalMs: number;
  /**
   * Session filter supplied by the caller, asked per segment (NFO, BFO for chains, MCX for futures): no ticks,
   * and no price movement, for a segment while it returns false.
   */
  readonly isOpen: (epochMs: number, segment: Segment) => boolean;
  /** Option quotes are mid ± this many 5-paise ticks; default 1. */
  readonly spreadTicks?: number;
  /** Pricing rate; default DEFAULT_RISK_FREE_RATE. */
  readonly riskFreeRate?: number;
  readonly smile?: SmileShape;
  /**
   * Receives one batch per cycle: every index, then every live option. While a returned promise is pending,
   * later cycles are skipped (the walk covers the skipped time on the next cycle), so a slow consumer is not
   * buried under overlapping batches.
   */
  readonly onTicks: (ticks: Tick[]) => void | Promise<void>;
  /** Receives an error thrown or rejected by `onTicks`; without it the error is rethrown with context. */
  readonly onError?: (error: unknown) => void;
}

/** A seeded, reproducible simulated index and index-options market. */
export interface SimExchange {
  /** Starts the tick cycle on the clock; a second call does nothing. */
  start(): void;
  stop(): void;
  /** The latest tick of every live instrument (empty before the first cycle). */
  snapshot(): Tick[];
  /** Every live instrument: the indices, then their options, including strikes quoted earlier in the day. */
  instruments(): InstrumentId[];
  quote(id: InstrumentId): Tick | undefined;
  /** Moves an index to `paise` from the next cycle on (tests use it to force a breakout). */
  setSpot(symbol: string, paise: number): void;
}

/** Creates a simulated exchange; chains are quoted around the start spots at once, ticks begin on start(). */
export function createSimExchange(opts: SimExchangeOptions): SimExchange {
  const { clock, isOpen, onTicks } = opts;
  if (!(opts.tickIntervalMs > 0)) throw new RangeError(`tickIntervalMs must be positive, got ${opts.tickIntervalMs}`);
  const spreadTicks = opts.spreadTicks ?? 1;
  if (!Number.isInteger(spreadTicks) || spreadTicks < 0) throw new RangeError('spreadTicks must be an integer >= 0');
  const model = createMarketModel({
    underlyings: opts.underlyings,
    seed: opts.seed,
    nowMs: clock.now(),
    spreadTicks,
    rate: opts.riskFreeRate ?? DEFAULT_RISK_FREE_RATE,
    smile: opts.smile ?? DEFAULT_SMILE,
  });
  const futures = createFuturesModel({ futures: opts.futures ?? [], seed: opts.seed, nowMs: clock.now() });
  let timer: TimerHandle | undefined;
  let isDelivering = false;

  const fail = (error: unknown): void => {
    if (opts.onError) opts.onError(error);
    else throw new Error('sim exchange: onTicks failed', { cause: error });
  };

  const deliver = (ticks: Tick[]): void => {
    let pending: void | Promise<void>;
    try {
      pending = onTicks(ticks);
    } catch (error) {
      fail(error);
      return;
    }
    if (!(pending instanceof Promise)) return;
    isDelivering = true;
    pending.then(
      () => {
        isDelivering = false;
      },
      (error: unknown) => {
        isDelivering = false;
        fail(error);
      },
    );
  };

  const cycle = (): void => {
    const now = clock.now();
    if (isDelivering) return;
    const batch = model.step(now, (segment) => isOpen(now, segment));
    if (isOpen(now, 'MCX')) for (const t of futures.step(now)) batch.push(t);
    else futures.idle(now);
    if (batch.length > 0) deliver(batch);
  };

  return {
    start() {
      if (timer) return;
      // Time before start is not market time: the first cycle moves the index by one interval only.
      model.idle(clock.now());
      futures.idle(clock.now());
      timer = clock.setInterval(opts.tickIntervalMs, cycle);
    },
    stop() {
      timer?.cancel();
      timer = undefined;
    },
    snapshot: () => [...model.snapshot(), ...futures.snapshot()],
    instruments: () => [...model.instruments(), ...futures.instruments()],
    quote: (id) => model.quote(id) ?? futures.quote(id),
    setSpot: (symbol, paise) => model.setSpot(symbol, paise),
  };
}
