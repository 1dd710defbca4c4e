import { type Exchange, type Holiday, istWeekday } from '#src/domain/calendar';

/** A change the sync job proposes; an admin confirms or rejects it. */
export interface HolidayChange {
  readonly action: 'ADD' | 'REMOVE';
  readonly holiday: Holiday;
}

// Weekend-dated holidays change no trading day, and exchange feeds list them inconsistently, so they never count.
const isWeekday = (date: string) => {
  const d = istWeekday(date);
  return d !== 0 && d !== 6;
};

/**
 * Compares the store's holidays of one exchange with an exchange feed, for the years the feed covers only (a feed
 * for 2026 says nothing about 2025). ADD: the feed has a weekday holiday the store lacks; REMOVE: the store has a
 * weekday holiday the feed lacks. Pure; the caller stores the result as proposals.
 */
export function diffHolidays(
  exchange: Exchange,
  current: readonly Holiday[],
  feed: readonly Holiday[],
): HolidayChange[] {
  const years = new Set(feed.map((h) => h.date.slice(0, 4)));
  const relevant = (h: Holiday) => h.exchange === exchange && years.has(h.date.slice(0, 4)) && isWeekday(h.date);
  const mine = new Map(current.filter(relevant).map((h) => [h.date, h]));
  const theirs = new Map(feed.filter(relevant).map((h) => [h.date, h]));
  const adds = [...theirs.values()].filter((h) => !mine.has(h.date)).map((holiday) => ({ action: 'ADD', holiday }));
  const removes = [...mine.values()]
    .filter((h) => !theirs.has(h.date))
    .map((holiday) => ({ action: 'REMOVE', holiday }));
  return [...adds, ...removes] as HolidayChange[];
}
