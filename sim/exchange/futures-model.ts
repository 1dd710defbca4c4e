import { formatInstrumentId, type InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createIndexWalk, type IndexWalk } from './index-walk';
import { istDayNumber } from './ist-time';
import { createSeededRandom, type SeededRandom } from './prng';

/** One simulated MCX commodity future (the near month, rolled by the caller's expiry rule). */
export interface SimFuture {
  /** e.g. CRUDEOIL. */
  readonly symbol: string;
  /** Price at start, in paise. */
  readonly pricePaise: number;
  readonly annualVol: number;
  /** Price step in paise (CRUDEOIL ₹1 = 100, NATURALGAS ₹0.10 = 10). */
  readonly tickPaise: number;
  /** Units per lot; traded volume grows in whole lots. Default 1. */
  readonly lotSize?: number;
  /** The contract (expiry YYYY-MM-DD) to quote at an instant; supplied by the caller from its calendar. */
  readonly expiry: (epochMs: number) => string;
}

interface FutureState {
  readonly cfg: SimFuture;
  readonly random: SeededRandom;
  readonly walk: IndexWalk;
  price: number;
  lastNow: number;
  id: InstrumentId;
  volume: number;
  last: Tick | undefined;
}

/** Seeded futures walk: one tick per future per step while MCX is open. */
export interface FuturesModel {
  step(nowMs: number): Tick[];
  idle(nowMs: number): void;
  quote(id: InstrumentId): Tick | undefined;
  snapshot(): Tick[];
  instruments(): InstrumentId[];
}

const futureId = (symbol: string, expiry: string) =>
  formatInstrumentId({ kind: 'FUT', segment: 'MCX', symbol, expiry });

// Seeds are offset from the option model's so adding futures never changes an index path.
const FUTURES_SEED_SALT = 0x5bd1e995;

/** Builds the futures model; each future has its own random stream. */
export function createFuturesModel(deps: { futures: readonly SimFuture[]; seed: number; nowMs: number }): FuturesModel {
  const states: FutureState[] = deps.futures.map((cfg, i) => {
    if (!(cfg.pricePaise > 0) || !(cfg.tickPaise > 0))
      throw new RangeError(`${cfg.symbol}: price and tick must be > 0`);
    const random = createSeededRandom((deps.seed ^ FUTURES_SEED_SALT ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0);
    return {
      cfg,
      random,
      walk: createIndexWalk({ annualVol: cfg.annualVol, random }),
      price: cfg.pricePaise,
      lastNow: deps.nowMs,
      id: futureId(cfg.symbol, cfg.expiry(deps.nowMs)),
      volume: 0,
      last: undefined,
    };
  });

  const stepOne = (s: FutureState, nowMs: number): Tick => {
    s.price = s.walk.step(s.price, nowMs - s.lastNow, nowMs);
    s.lastNow = nowMs;
    const id = futureId(s.cfg.symbol, s.cfg.expiry(nowMs));
    if (id !== s.id) {
      // Rolled to the next month: a fresh contract with its own day volume.
      s.id = id;
      s.volume = 0;
    }
    const tick = s.cfg.tickPaise;
    const ltp = Math.max(tick, Math.round(s.price / tick) * tick);
    s.volume += (s.cfg.lotSize ?? 1) * s.random.int(0, 20);
    s.last = {
      id,
      ltp: ltp as Paise,
      bid: (ltp - tick) as Paise,
      ask: (ltp + tick) as Paise,
      volume: s.volume,
      ts: nowMs,
    };
    return s.last;
  };

  let day = istDayNumber(deps.nowMs);
  return {
    step(nowMs) {
      if (istDayNumber(nowMs) !== day) {
        // Tick volume is cumulative for the day.
        day = istDayNumber(nowMs);
        for (const s of states) s.volume = 0;
      }
      return states.map((s) => stepOne(s, nowMs));
    },
    idle(nowMs) {
      for (const s of states) s.lastNow = nowMs;
    },
    quote: (id) => states.find((s) => s.id === id)?.last,
    snapshot: () => states.flatMap((s) => (s.last && s.last.id === s.id ? [s.last] : [])),
    instruments: () => states.map((s) => s.id),
  };
}
