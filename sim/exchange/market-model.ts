import { type InstrumentId, optionId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createIndexWalk, type IndexWalk } from './index-walk';
import { expiryCloseMs, istDayNumber } from './ist-time';
import {
  atmStrike,
  createPricingScratch,
  DEFAULT_CHAIN_WIDTH,
  OPTION_TICK_PAISE,
  priceStrike,
  type StrikePricing,
  toOptionPrice,
  yearsToExpiry,
} from './option-chain';
import { createSeededRandom, type SeededRandom } from './prng';
import type { SmileShape } from './smile';
import type { SimUnderlying } from './types';

interface Quote {
  readonly id: InstrumentId;
  volume: number;
  last: Tick | undefined;
}

interface StrikeRow {
  readonly strike: number;
  readonly ce: Quote;
  readonly pe: Quote;
}

interface Chain {
  readonly expiry: string;
  readonly expiryMs: number;
  /** Ascending by strike; grows as the spot moves and never shrinks, so held strikes keep ticking. */
  readonly rows: StrikeRow[];
  readonly strikes: Set<number>;
  lastAtm: number;
}

interface UnderlyingState {
  readonly cfg: SimUnderlying;
  readonly random: SeededRandom;
  readonly walk: IndexWalk;
  readonly index: Quote;
  readonly chains: Chain[];
  readonly pricing: StrikePricing;
  spot: number;
  /** Per underlying, so a segment that is shut (BFO holiday, NFO in the MCX evening) does not accrue walk time. */
  lastNow: number;
}

/** The deterministic heart of the simulator: given the time, moves prices and returns the batch of ticks. */
export interface MarketModel {
  /**
   * Advances by the virtual time since the last step or idle, and returns one tick per live instrument.
   * Underlyings whose derivatives segment `isOpen` rejects idle instead (default: all open).
   */
  step(nowMs: number, isOpen?: (segment: 'NFO' | 'BFO') => boolean): Tick[];
  /** Lets time pass with the market shut: it does not count towards the next walk step. */
  idle(nowMs: number): void;
  setSpot(symbol: string, paise: number): void;
  quote(id: InstrumentId): Tick | undefined;
  snapshot(): Tick[];
  instruments(): InstrumentId[];
}

/** Dependencies of a market model. */
export interface MarketModelDeps {
  readonly underlyings: readonly SimUnderlying[];
  readonly seed: number;
  readonly nowMs: number;
  readonly spreadTicks: number;
  readonly rate: number;
  readonly smile: SmileShape;
}

// Most lots trade at the money; a strike k steps away gets about 1/(1+k) of that.
const MAX_LOTS_AT_THE_MONEY = 40;

/** Builds the model with every chain quoted around its start spot (no ticks until the first step). */
export function createMarketModel(deps: MarketModelDeps): MarketModel {
  const quotes = new Map<InstrumentId, Quote>();
  const register = (id: InstrumentId): Quote => {
    const q: Quote = { id, volume: 0, last: undefined };
    quotes.set(id, q);
    return q;
  };
  const states = deps.underlyings.map((cfg, i) => createState(cfg, deps, i, register));
  const halfSpread = deps.spreadTicks * OPTION_TICK_PAISE;
  const scratch = createPricingScratch();
  let day = istDayNumber(deps.nowMs);

  const optionTick = (u: UnderlyingState, q: Quote, model: number, nowMs: number, maxLots: number): Tick => {
    const mid = toOptionPrice(model);
    const bid = Math.max(OPTION_TICK_PAISE, mid - halfSpread);
    const ask = mid + halfSpread;
    const ltp = bid + OPTION_TICK_PAISE * u.random.int(0, (ask - bid) / OPTION_TICK_PAISE);
    q.volume += (u.cfg.lotSize ?? 1) * u.random.int(0, maxLots);
    const tick: Tick = {
      id: q.id,
      ltp: ltp as Paise,
      bid: bid as Paise,
      ask: ask as Paise,
      volume: q.volume,
      ts: nowMs,
    };
    q.last = tick;
    return tick;
  };

  const priceChain = (u: UnderlyingState, chain: Chain, nowMs: number, batch: Tick[]): void => {
    const p = u.pricing;
    p.spotPaise = u.spot;
    p.years = yearsToExpiry(nowMs, chain.expiryMs);
    const atm = atmStrike(u.spot, u.cfg.strikeStep);
    for (const row of chain.rows) {
      p.strikePaise = row.strike * 100;
      const r = priceStrike(p, scratch);
      const maxLots = Math.round(MAX_LOTS_AT_THE_MONEY / (1 + Math.abs(row.strike - atm) / u.cfg.strikeStep));
      batch.push(optionTick(u, row.ce, r.call, nowMs, maxLots));
      batch.push(optionTick(u, row.pe, r.put, nowMs, maxLots));
    }
  };

  const stepUnderlying = (u: UnderlyingState, nowMs: number, batch: Tick[]): void => {
    u.spot = u.walk.step(u.spot, nowMs - u.lastNow, nowMs);
    u.lastNow = nowMs;
    const level = Math.round(u.spot) as Paise;
    const indexTick: Tick = { id: u.index.id, ltp: level, bid: level, ask: level, volume: 0, ts: nowMs };
    u.index.last = indexTick;
    batch.push(indexTick);
    dropExpired(u, nowMs, quotes);
    syncChain(u, nowMs, register);
    for (const chain of u.chains) priceChain(u, chain, nowMs, batch);
  };

  return {
    step(nowMs, isOpen = () => true) {
      const today = istDayNumber(nowMs);
      if (today !== day) {
        // Tick volume is cumulative for the day.
        day = today;
        for (const q of quotes.values()) q.volume = 0;
      }
      const batch: Tick[] = [];
      for (const u of states) {
        if (isOpen(u.cfg.derivativesSegment)) stepUnderlying(u, nowMs, batch);
        else u.lastNow = nowMs;
      }
      return batch;
    },
    idle(nowMs) {
      for (const u of states) u.lastNow = nowMs;
    },
    setSpot(symbol, paise) {
      const u = states.find((s) => s.cfg.symbol === symbol);
      if (!u) throw new RangeError(`unknown underlying "${symbol}"`);
      if (!(paise > 0)) throw new RangeError(`spot must be positive paise, got ${paise}`);
      u.spot = paise;
    },
    quote: (id) => quotes.get(id)?.last,
    snapshot: () => [...quotes.values()].flatMap((q) => (q.last ? [q.last] : [])),
    instruments: () => [...quotes.keys()],
  };
}

function createState(
  cfg: SimUnderlying,
  deps: MarketModelDeps,
  position: number,
  register: (id: InstrumentId) => Quote,
): UnderlyingState {
  if (!(cfg.spotPaise > 0)) throw new RangeError(`${cfg.symbol}: spotPaise must be positive`);
  if (!(cfg.strikeStep > 0)) throw new RangeError(`${cfg.symbol}: strikeStep must be positive`);
  // One stream per underlying, so adding an index does not change another index's path.
  const random = createSeededRandom((deps.seed ^ Math.imul(position + 1, 0x9e3779b9)) >>> 0);
  const u: UnderlyingState = {
    cfg,
    random,
    walk: createIndexWalk({ annualVol: cfg.annualVol, random }),
    index: register(cfg.indexId),
    chains: [],
    pricing: { spotPaise: 0, strikePaise: 0, years: 0, atmVol: cfg.annualVol, rate: deps.rate, smile: deps.smile },
    spot: cfg.spotPaise,
    lastNow: deps.nowMs,
  };
  syncChain(u, deps.nowMs, register);
  return u;
}

/** Makes sure the caller's current expiry is quoted and covers ATM ± width around the current spot. */
function syncChain(u: UnderlyingState, nowMs: number, register: (id: InstrumentId) => Quote): void {
  const expiry = u.cfg.expiry(nowMs);
  let chain = u.chains.find((c) => c.expiry === expiry);
  if (!chain) {
    const expiryMs = expiryCloseMs(expiry);
    if (nowMs > expiryMs) return;
    chain = { expiry, expiryMs, rows: [], strikes: new Set(), lastAtm: Number.NaN };
    u.chains.push(chain);
  }
  const step = u.cfg.strikeStep;
  const atm = atmStrike(u.spot, step);
  if (atm === chain.lastAtm) return;
  chain.lastAtm = atm;
  const width = u.cfg.chainWidth ?? DEFAULT_CHAIN_WIDTH;
  const { symbol, derivativesSegment: segment } = u.cfg;
  let added = false;
  for (let i = -width; i <= width; i++) {
    const strike = atm + i * step;
    if (strike <= 0 || chain.strikes.has(strike)) continue;
    chain.strikes.add(strike);
    const id = (optionType: 'CE' | 'PE') => register(optionId({ segment, symbol, expiry, optionType, strike }));
    chain.rows.push({ strike, ce: id('CE'), pe: id('PE') });
    added = true;
  }
  if (added) chain.rows.sort((a, b) => a.strike - b.strike);
}

/** An expired contract stops ticking and leaves the instrument list. */
function dropExpired(u: UnderlyingState, nowMs: number, quotes: Map<InstrumentId, Quote>): void {
  for (let i = u.chains.length - 1; i >= 0; i--) {
    const chain = u.chains[i]!;
    if (nowMs <= chain.expiryMs) continue;
    for (const row of chain.rows) {
      quotes.delete(row.ce.id);
      quotes.delete(row.pe.id);
    }
    u.chains.splice(i, 1);
  }
}
