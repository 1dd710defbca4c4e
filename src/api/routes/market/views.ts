import {
  expiries as derivedExpiries,
  InvalidDateError,
  istDate,
  SEGMENT_EXCHANGE,
  type TradingCalendar,
  UNDERLYING_EXPIRY_RULES,
} from '#src/domain/calendar';
import {
  atmStrike,
  type CatalogContract,
  type ContractSpecs,
  instrumentId,
  type Segment,
} from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import { type LtpCache, MARKET_ERRORS, type MarketService } from '#src/market';

/** Whether a segment trades at `now` and when its session opens and closes (the platform clock's instant). */
export function segmentStatus(cal: TradingCalendar, segment: Segment, now: number) {
  const date = istDate(now);
  const session = cal.session(segment, date);
  const holiday = cal.holidayOn(segment, date);
  const special = cal.specialSessionOn(segment, date);
  const minutesToClose = cal.minutesToClose(segment, now);
  return {
    segment,
    exchange: SEGMENT_EXCHANGE[segment],
    now,
    date,
    isTradingDay: cal.isTradingDay(segment, date),
    isOpen: cal.isOpen(segment, now),
    session: session ? { open: session.open, close: session.close } : null,
    preOpen: cal.preOpen(segment, date) ?? null,
    closesAt: minutesToClose === undefined ? null : (session?.close ?? null),
    minutesToClose: minutesToClose ?? null,
    squareOffAt: cal.squareOffAt(segment, date) ?? null,
    nextOpen: nextOpenOrNull(cal, segment, now),
    holiday: holiday ? { name: holiday.name, closed: holiday.closed } : null,
    specialSession: special ? { name: special.name, open: special.open, close: special.close } : null,
  };
}

function nextOpenOrNull(cal: TradingCalendar, segment: Segment, now: number): number | null {
  // A segment whose next session lies past the search horizon (outside the holiday coverage) has no answer.
  try {
    return cal.nextOpen(segment, now);
  } catch (err) {
    if (err instanceof InvalidDateError) return null;
    throw err;
  }
}

/** Listed expiries from the synced master; the expiry rules only where the master lists none. */
export function expiriesOf(
  market: MarketService,
  q: { underlying: string; kind?: 'FUT' | 'OPT' | undefined; from: string },
): { underlying: string; source: 'master' | 'rules'; expiries: string[] } {
  const listed = market.catalog().expiries(q.underlying, q.from, q.kind);
  if (listed.length > 0) return { underlying: q.underlying, source: 'master', expiries: listed };
  const rule = UNDERLYING_EXPIRY_RULES[q.underlying];
  if (!rule) throw MARKET_ERRORS.unknownUnderlying(q.underlying, Object.keys(UNDERLYING_EXPIRY_RULES));
  const calendar = market.calendar.calendar();
  const kind = rule.weeklyFrom !== undefined && q.kind !== 'FUT' ? 'WEEKLY' : 'MONTHLY';
  return {
    underlying: q.underlying,
    source: 'rules',
    expiries: derivedExpiries(calendar, q.underlying, q.from, 6, kind),
  };
}

const leg = (c: CatalogContract | undefined, ticks: ReadonlyMap<string, Tick>) =>
  c
    ? {
        instrumentId: c.instrumentId,
        lotSize: c.lotSize,
        tickSizePaise: c.tickSizePaise,
        freezeQty: c.freezeQty ?? null,
        ltpPaise: ticks.get(c.instrumentId)?.ltp ?? null,
        ltpAt: ticks.get(c.instrumentId)?.ts ?? null,
      }
    : null;

/** The option chain of one expiry around spot (given, or the index's LTP), with each leg's LTP from the cache. */
export async function optionChain(
  deps: { market: MarketService; specs: ContractSpecs; ltp: LtpCache; now: number },
  q: { underlying: string; expiry?: string | undefined; width: number; spotPaise?: number | undefined },
) {
  const catalog = deps.market.catalog();
  const listed = catalog.expiries(q.underlying, istDate(deps.now), 'OPT');
  if (listed.length === 0) throw MARKET_ERRORS.unknownUnderlying(q.underlying, listedOptionUnderlyings(deps));
  const expiry = q.expiry ?? (listed[0] as string);
  if (!listed.includes(expiry)) throw MARKET_ERRORS.noOptionsOnExpiry(q.underlying, expiry, listed);
  const spot = q.spotPaise ?? (await indexLtp(deps, q.underlying));
  if (spot === undefined) throw MARKET_ERRORS.noSpotPrice(q.underlying);
  const chain = catalog.optionChain({ underlying: q.underlying, expiry, spotPaise: spot, width: q.width });
  const ids = chain.flatMap((r) => [r.CE?.instrumentId, r.PE?.instrumentId].filter((id) => id !== undefined));
  const ticks = await deps.ltp.readMany(ids);
  const step = deps.specs.has(q.underlying) ? deps.specs.spec(q.underlying).strikeStep : null;
  return {
    underlying: q.underlying,
    expiry,
    spotPaise: spot,
    spotSource: q.spotPaise === undefined ? ('ltp' as const) : ('request' as const),
    atmStrike: step ? atmStrike(spot, step) : null,
    rows: chain.map((r) => ({ strike: r.strike, CE: leg(r.CE, ticks), PE: leg(r.PE, ticks) })),
  };
}

function listedOptionUnderlyings(deps: { market: MarketService; specs: ContractSpecs; now: number }): string[] {
  const today = istDate(deps.now);
  return deps.specs.underlyings().filter((u) => deps.market.catalog().expiries(u, today, 'OPT').length > 0);
}

async function indexLtp(deps: { specs: ContractSpecs; ltp: LtpCache }, underlying: string) {
  const index = deps.specs.has(underlying) ? deps.specs.spec(underlying).index : null;
  if (!index) return undefined;
  return (await deps.ltp.read(instrumentId(index)))?.ltp;
}
