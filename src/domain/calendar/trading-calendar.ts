import type { Segment } from '#src/domain/instrument';
import type { Holiday, HolidayData, SpecialSession } from './holiday-data';
import { addDays, assertDate, InvalidDateError, istDate, istInstant, istWeekday } from './ist';
import { MCX_HALF_DAY_SPLIT, mcxClose, ruleOn, SEGMENT_EXCHANGE, SESSION_TABLE } from './session-table';

/** A session's bounds, epoch ms: trading is allowed for open ≤ t < close. */
export interface SessionWindow {
  readonly open: number;
  readonly close: number;
}

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
  const holidays = new Map(data.holidays.map((h) => [`${h.exchange}:${h.date}`, h]));
  const specials = new Map<string, SpecialSession>();
  for (const s of data.specialSessions) for (const ex of s.exchanges) specials.set(`${ex}:${s.date}`, s);

  const holidayOn = (segment: Segment, date: string) => holidays.get(`${SEGMENT_EXCHANGE[segment]}:${date}`);
  const specialSessionOn = (segment: Segment, date: string) => specials.get(`${SEGMENT_EXCHANGE[segment]}:${date}`);

  const isTradingDay = (segment: Segment, date: string): boolean => {
    const wd = istWeekday(date);
    if (wd === 0 || wd === 6) return false;
    return holidayOn(segment, date)?.closed !== 'FULL';
  };

  const session = (segment: Segment, date: string): SessionWindow | undefined => {
    const special = specialSessionOn(segment, date);
    if (special?.open && special.close) {
      return { open: istInstant(date, special.open), close: istInstant(date, special.close) };
    }
    if (!isTradingDay(segment, date)) return undefined;
    return regularSession(segment, date, holidayOn(segment, date));
  };

  const step = (segment: Segment, date: string, dir: 1 | -1): string => {
    let d = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      d = addDays(d, dir);
      if (isTradingDay(segment, d)) return d;
    }
    throw new InvalidDateError(`no ${segment} trading day within ${MAX_SEARCH_DAYS} days of ${date}`);
  };

  const openSession = (segment: Segment, epochMs: number): SessionWindow | undefined => {
    const s = session(segment, istDate(epochMs));
    return s && epochMs >= s.open && epochMs < s.close ? s : undefined;
  };

  return {
    isTradingDay,
    session,
    nextTradingDay: (segment, date) => step(segment, date, 1),
    prevTradingDay: (segment, date) => step(segment, date, -1),
    isOpen: (segment, epochMs) => openSession(segment, epochMs) !== undefined,
    minutesToClose: (segment, epochMs) => {
      const s = openSession(segment, epochMs);
      return s ? (s.close - epochMs) / 60_000 : undefined;
    },
    squareOffAt: (segment, date, minutesBeforeClose = DEFAULT_SQUARE_OFF_MINUTES[segment]) =>
      squareOff(session(segment, date), minutesBeforeClose),
    holidayOn,
    specialSessionOn,
    covers: (date) => {
      assertDate(date);
      return date >= data.coverage.from && date <= data.coverage.to;
    },
  };
}

function regularSession(segment: Segment, date: string, holiday: Holiday | undefined): SessionWindow | undefined {
  const rule = ruleOn(SESSION_TABLE[segment], date);
  if (!rule) return undefined;
  const close = rule.close === 'US_DST' ? mcxClose(date) : rule.close;
  // Only MCX publishes half-day holidays; the morning half ends and the evening half starts at 17:00.
  const open = holiday?.closed === 'MORNING' ? MCX_HALF_DAY_SPLIT : rule.open;
  const end = holiday?.closed === 'EVENING' ? MCX_HALF_DAY_SPLIT : close;
  return { open: istInstant(date, open), close: istInstant(date, end) };
}

function squareOff(s: SessionWindow | undefined, minutesBeforeClose: number): number | undefined {
  if (!Number.isFinite(minutesBeforeClose) || minutesBeforeClose < 0) {
    throw new RangeError(`minutesBeforeClose must be a non-negative number, got ${minutesBeforeClose}`);
  }
  if (!s) return undefined;
  const minutes = Math.max(1, minutesBeforeClose);
  return Math.max(s.open, s.close - minutes * 60_000);
}
