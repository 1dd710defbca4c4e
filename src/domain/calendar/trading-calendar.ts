import type { Segment } from '#src/domain/instrument';
import { type DayIndex, indexDays, type SessionWindow } from './day-index';
import type { Holiday, HolidayData, SpecialSession } from './holiday-data';
import { addDays, assertDate, InvalidDateError, istDate } from './ist';

export type { SessionWindow } from './day-index';

/**
 * Trading-day arithmetic and session bounds for every segment, built from immutable holiday data. A "trading day"
 * is a regular day (a weekday that is not a full holiday); MCX half-day holidays are trading days with a shorter
 * session. Special sessions (Muhurat) on holidays are NOT trading days but do have a `session`, so `isOpen` and
 * `squareOffAt` see them while day-counting (expiry shifts, rollover) skips them, as the exchanges do.
 */
export interface TradingCalendar {
  /** True when `date` is a regular trading day for the segment (including MCX half days). */
  isTradingDay(segment: Segment, date: string): boolean;
  /** The normal-market session on `date` (the open half on MCX half days; special sessions count); else undefined. */
  session(segment: Segment, date: string): SessionWindow | undefined;
  /** The first trading day strictly after `date`. */
  nextTradingDay(segment: Segment, date: string): string;
  /** The last trading day strictly before `date`. */
  prevTradingDay(segment: Segment, date: string): string;
  /** `date` moved by `n` trading days (negative goes back; 0 returns `date` itself, trading day or not). */
  addTradingDays(segment: Segment, date: string, n: number): string;
  /** Trading days in the half-open range (from, to]: how many `nextTradingDay` steps lead from `from` past `to`. */
  tradingDaysBetween(segment: Segment, from: string, to: string): number;
  /** The futures-only pre-open window (order entry to normal open), where the segment has one that day. */
  preOpen(segment: Segment, date: string): SessionWindow | undefined;
  /** The next session open at or after `epochMs` (the current session's open counts only if not yet started). */
  nextOpen(segment: Segment, epochMs: number): number;
  /** True while the segment's session (regular or special) is running at the instant. */
  isOpen(segment: Segment, epochMs: number): boolean;
  /** Minutes (possibly fractional) until the running session closes; undefined when closed. */
  minutesToClose(segment: Segment, epochMs: number): number | undefined;
  /**
   * The intraday square-off instant: `minutesBeforeClose` (default per segment) before the close, never before the
   * open and at least one minute before the close. Undefined when there is no session that day.
   */
  squareOffAt(segment: Segment, date: string, minutesBeforeClose?: number): number | undefined;
  /** The holiday that applies to the segment on `date`, if any (full or half day). */
  holidayOn(segment: Segment, date: string): Holiday | undefined;
  /** The special session on `date`, if any, even when its timings are not yet known. */
  specialSessionOn(segment: Segment, date: string): SpecialSession | undefined;
  /** True when `date` lies inside the holiday data's coverage; outside it holidays are unknown. */
  covers(date: string): boolean;
}

/** Brokers square intraday positions off about 15 minutes before the close (market.md §1.4; broker MIS practice). */
export const DEFAULT_SQUARE_OFF_MINUTES: Readonly<Record<Segment, number>> = {
  NSE: 15,
  BSE: 15,
  NFO: 15,
  BFO: 15,
  MCX: 15,
  NSE_INDEX: 15,
  BSE_INDEX: 15,
  MCX_INDEX: 15,
};

// Far more than any real run of closed days (the longest is a weekend plus two holidays); a guard, not a rule.
const MAX_SEARCH_DAYS = 30;

/** Builds a calendar over `data`. The data is indexed once; build a new calendar to change it. */
export function createTradingCalendar(data: HolidayData): TradingCalendar {
  const days = indexDays(data);
  const openSession = (segment: Segment, epochMs: number): SessionWindow | undefined => {
    const s = days.session(segment, istDate(epochMs));
    return s && epochMs >= s.open && epochMs < s.close ? s : undefined;
  };
  return {
    ...days,
    nextTradingDay: (segment, date) => stepTradingDay(days, segment, date, 1),
    prevTradingDay: (segment, date) => stepTradingDay(days, segment, date, -1),
    addTradingDays: (segment, date, n) => addTradingDays(days, segment, date, n),
    tradingDaysBetween: (segment, from, to) => countTradingDays(days, segment, from, to),
    nextOpen: (segment, epochMs) => nextOpen(days, segment, epochMs),
    isOpen: (segment, epochMs) => openSession(segment, epochMs) !== undefined,
    minutesToClose: (segment, epochMs) => {
      const s = openSession(segment, epochMs);
      return s ? (s.close - epochMs) / 60_000 : undefined;
    },
    squareOffAt: (segment, date, minutesBeforeClose = DEFAULT_SQUARE_OFF_MINUTES[segment]) =>
      squareOff(days.session(segment, date), minutesBeforeClose),
    covers: (date) => {
      assertDate(date);
      return date >= data.coverage.from && date <= data.coverage.to;
    },
  };
}

function stepTradingDay(days: DayIndex, segment: Segment, date: string, dir: 1 | -1): string {
  let d = date;
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    d = addDays(d, dir);
    if (days.isTradingDay(segment, d)) return d;
  }
  throw new InvalidDateError(`no ${segment} trading day within ${MAX_SEARCH_DAYS} days of ${date}`);
}

function addTradingDays(days: DayIndex, segment: Segment, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`trading-day offset must be an integer, got ${n}`);
  let d = date;
  for (let i = 0; i < Math.abs(n); i++) d = stepTradingDay(days, segment, d, n > 0 ? 1 : -1);
  return d;
}

function countTradingDays(days: DayIndex, segment: Segment, from: string, to: string): number {
  const sign = to >= from ? 1 : -1;
  const [lo, hi] = sign === 1 ? [from, to] : [to, from];
  let n = 0;
  for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (days.isTradingDay(segment, d)) n++;
  return sign * n;
}

function nextOpen(days: DayIndex, segment: Segment, epochMs: number): number {
  let date = istDate(epochMs);
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++, date = addDays(date, 1)) {
    const s = days.session(segment, date);
    if (s && s.open >= epochMs) return s.open;
  }
  throw new InvalidDateError(`no ${segment} session opens within ${MAX_SEARCH_DAYS} days of ${istDate(epochMs)}`);
}

function squareOff(s: SessionWindow | undefined, minutesBeforeClose: number): number | undefined {
  if (!Number.isFinite(minutesBeforeClose) || minutesBeforeClose < 0) {
    throw new RangeError(`minutesBeforeClose must be a non-negative number, got ${minutesBeforeClose}`);
  }
  if (!s) return undefined;
  // At least one minute before the close, so the square-off order still meets an open market.
  const minutes = Math.max(1, minutesBeforeClose);
  return Math.max(s.open, s.close - minutes * 60_000);
}
