import type { Segment } from '#src/domain/instrument';
import type { Holiday, HolidayData, SpecialSession } from './holiday-data';
import { istInstant, istWeekday } from './ist';
import {
  FUTURES_PRE_OPEN,
  MCX_HALF_DAY_SPLIT,
  mcxClose,
  ruleOn,
  SEGMENT_EXCHANGE,
  SESSION_TABLE,
} from './session-table';

/** A session's bounds, epoch ms: trading is allowed for open ≤ t < close. */
export interface SessionWindow {
  readonly open: number;
  readonly close: number;
}

/** Per-day facts looked up from the indexed holiday data; the calendar's arithmetic is built on these. */
export interface DayIndex {
  holidayOn(segment: Segment, date: string): Holiday | undefined;
  specialSessionOn(segment: Segment, date: string): SpecialSession | undefined;
  isTradingDay(segment: Segment, date: string): boolean;
  session(segment: Segment, date: string): SessionWindow | undefined;
  preOpen(segment: Segment, date: string): SessionWindow | undefined;
}

/** Indexes holiday data by exchange and date once, so every lookup is a map hit. */
export function indexDays(data: HolidayData): DayIndex {
  const holidays = new Map(data.holidays.map((h) => [`${h.exchange}:${h.date}`, h]));
  const specials = new Map<string, SpecialSession>();
  for (const s of data.specialSessions) for (const ex of s.exchanges) specials.set(`${ex}:${s.date}`, s);

  const holidayOn = (segment: Segment, date: string) => holidays.get(`${SEGMENT_EXCHANGE[segment]}:${date}`);
  const specialSessionOn = (segment: Segment, date: string) => specials.get(`${SEGMENT_EXCHANGE[segment]}:${date}`);
  const isTradingDay = (segment: Segment, date: string): boolean => {
    const wd = istWeekday(date);
    return wd !== 0 && wd !== 6 && holidayOn(segment, date)?.closed !== 'FULL';
  };

  return {
    holidayOn,
    specialSessionOn,
    isTradingDay,
    session: (segment, date) => {
      const special = specialSessionOn(segment, date);
      if (special?.open && special.close) {
        return { open: istInstant(date, special.open), close: istInstant(date, special.close) };
      }
      return isTradingDay(segment, date) ? regularSession(segment, date, holidayOn(segment, date)) : undefined;
    },
    preOpen: (segment, date) => {
      const rule = FUTURES_PRE_OPEN[segment];
      if (!rule || !isTradingDay(segment, date) || date < rule.from) return undefined;
      return { open: istInstant(date, rule.open), close: istInstant(date, rule.close) };
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
