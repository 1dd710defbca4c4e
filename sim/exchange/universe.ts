import { addDays, endOfMonth, istDate, nearestExpiry, type TradingCalendar } from '#src/domain/calendar';
import type { ContractSpecs } from '#src/domain/instrument';
import type { SimFuture } from './futures-model';
import type { SimUnderlying } from './types';

/** How much of the market the simulator quotes: the light demo, or every strike of every chain. */
export type SimUniverseProfile = 'demo' | 'full';

/** The instruments a simulated exchange quotes. */
export interface SimUniverse {
  readonly underlyings: readonly SimUnderlying[];
  readonly futures: readonly SimFuture[];
}

interface IndexSeed {
  readonly symbol: string;
  readonly spotPaise: number;
  readonly annualVol: number;
  /** Strikes each side of ATM in the demo profile. */
  readonly demoWidth: number;
}

// Illustrative late-2026 levels; the exchange's own walk moves them from here.
const INDICES: readonly IndexSeed[] = [
  { symbol: 'NIFTY', spotPaise: 2_400_000, annualVol: 0.16, demoWidth: 10 },
  { symbol: 'BANKNIFTY', spotPaise: 5_200_000, annualVol: 0.18, demoWidth: 4 },
  { symbol: 'FINNIFTY', spotPaise: 2_400_000, annualVol: 0.17, demoWidth: 4 },
  { symbol: 'MIDCPNIFTY', spotPaise: 1_250_000, annualVol: 0.2, demoWidth: 4 },
  { symbol: 'SENSEX', spotPaise: 8_000_000, annualVol: 0.15, demoWidth: 4 },
];

/** Strikes each side of ATM in the full profile: 5 chains × 201 strikes × 2 ≈ 2,000 options. */
export const FULL_CHAIN_WIDTH = 100;

interface FutureSeed {
  readonly symbol: string;
  readonly pricePaise: number;
  readonly annualVol: number;
  /** Nominal expiry day of the month (0 = last day), moved back to an MCX trading day (reference/market.md §4). */
  readonly expiryDay: number;
}

const FUTURES: readonly FutureSeed[] = [
  { symbol: 'CRUDEOIL', pricePaise: 550_000, annualVol: 0.35, expiryDay: 19 },
  { symbol: 'NATURALGAS', pricePaise: 30_000, annualVol: 0.55, expiryDay: 26 },
  { symbol: 'GOLDM', pricePaise: 12_500_000, annualVol: 0.14, expiryDay: 5 },
  { symbol: 'SILVERM', pricePaise: 15_000_000, annualVol: 0.22, expiryDay: 0 },
];

/**
 * The simulator's near-month MCX expiry: the nominal day of this month, or of the next once it has passed, moved
 * back to the previous MCX trading day. An approximation of MCX's published calendar, good enough for a demo.
 */
export function simFutureExpiry(calendar: TradingCalendar, expiryDay: number, epochMs: number): string {
  const today = istDate(epochMs);
  const inMonth = (monthStart: string) => {
    const nominal = expiryDay === 0 ? endOfMonth(monthStart) : addDays(monthStart, expiryDay - 1);
    return calendar.isTradingDay('MCX', nominal) ? nominal : calendar.prevTradingDay('MCX', nominal);
  };
  const thisMonth = inMonth(`${today.slice(0, 7)}-01`);
  return thisMonth >= today ? thisMonth : inMonth(addDays(endOfMonth(today), 1));
}

/** The five index chains (nearest weekly or monthly expiry) and the four MCX futures, sized by `profile`. */
export function buildSimUniverse(deps: {
  calendar: TradingCalendar;
  specs: ContractSpecs;
  profile: SimUniverseProfile;
}): SimUniverse {
  const { calendar, specs } = deps;
  const underlyings = INDICES.map(
    (seed): SimUnderlying => ({
      symbol: seed.symbol,
      indexId: specs.indexId(seed.symbol),
      derivativesSegment: specs.segmentOf(seed.symbol) === 'BFO' ? 'BFO' : 'NFO',
      spotPaise: seed.spotPaise,
      annualVol: seed.annualVol,
      strikeStep: specs.strikeStep(seed.symbol),
      expiry: (t) => nearestExpiry(calendar, seed.symbol, t, { skipExpiryDay: true }),
      chainWidth: deps.profile === 'full' ? FULL_CHAIN_WIDTH : seed.demoWidth,
    }),
  );
  const futures = FUTURES.map(
    (seed): SimFuture => ({
      symbol: seed.symbol,
      pricePaise: seed.pricePaise,
      annualVol: seed.annualVol,
      tickPaise: specs.tickSizePaise(seed.symbol),
      expiry: (t) => simFutureExpiry(calendar, seed.expiryDay, t),
    }),
  );
  return { underlyings, futures };
}
