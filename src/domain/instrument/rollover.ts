import type { TradingCalendar } from '#src/domain/calendar';
import type { CatalogContract, InstrumentCatalog } from './catalog';
import type { Segment } from './instrument-id';

/**
 * The last trading day a position in a contract expiring on `expiry` may be held: `rolloverDaysBeforeExpiry`
 * trading days before expiry (0 = the expiry day itself). Rolling happens on this day; physically settled MCX
 * contracts need a buffer covering the broker's tender-period exit (market.md §4 "Rollover practice").
 */
export function lastSafeTradingDay(
  cal: TradingCalendar,
  segment: Segment,
  expiry: string,
  rolloverDaysBeforeExpiry: number,
): string {
  if (!Number.isInteger(rolloverDaysBeforeExpiry) || rolloverDaysBeforeExpiry < 0) {
    throw new RangeError(`rolloverDaysBeforeExpiry must be a non-negative integer, got ${rolloverDaysBeforeExpiry}`);
  }
  return cal.addTradingDays(segment, expiry, -rolloverDaysBeforeExpiry);
}

/** True when a position in `contract` must be rolled (or closed) on `onDate`: it is on or past its last safe day. */
export function mustRoll(
  cal: TradingCalendar,
  contract: CatalogContract,
  onDate: string,
  rolloverDaysBeforeExpiry: number,
): boolean {
  const { segment, expiry } = contract.instrument;
  return onDate >= lastSafeTradingDay(cal, segment, expiry, rolloverDaysBeforeExpiry);
}

/**
 * The future new positions should use on `onDate`: the near month, or the next month once the near month has
 * reached its last safe trading day.
 */
export function activeFuture(
  deps: { catalog: InstrumentCatalog; cal: TradingCalendar },
  q: { underlying: string; onDate: string; rolloverDaysBeforeExpiry: number },
): CatalogContract | undefined {
  const [near, next] = deps.catalog.futures(q.underlying, q.onDate);
  if (near && !mustRoll(deps.cal, near, q.onDate, q.rolloverDaysBeforeExpiry)) return near;
  return next;
}
