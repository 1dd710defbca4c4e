// Wall-clock helpers for Asia/Kolkata. IST is a fixed UTC+05:30 with no daylight saving (reference/market.md §1.1),
// so plain arithmetic is exact and we avoid Intl, which is slow on hot paths and varies with the ICU build.

const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Thrown when a calendar date or wall-clock time is malformed. */
export class InvalidDateError extends RangeError {
  readonly code = 'INVALID_DATE';
}

/** True when `date` is a real calendar date written as YYYY-MM-DD. */
export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date;
}

/** Throws InvalidDateError unless `date` is a real YYYY-MM-DD date. */
export function assertDate(date: string): void {
  if (!isValidDate(date)) throw new InvalidDateError(`invalid date "${date}" (expected a real YYYY-MM-DD date)`);
}

function assertEpoch(epochMs: number): void {
  if (!Number.isFinite(epochMs)) throw new InvalidDateError(`invalid instant ${epochMs} (expected epoch ms)`);
}

/** Days since 1970-01-01 for a YYYY-MM-DD date. */
function dayNumber(date: string): number {
  assertDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The IST calendar date (YYYY-MM-DD) of an instant. */
export function istDate(epochMs: number): string {
  assertEpoch(epochMs);
  return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole minutes since IST midnight of an instant (0–1439). */
export function istMinutes(epochMs: number): number {
  assertEpoch(epochMs);
  const local = (((epochMs + IST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(local / 60_000);
}

/** Epoch ms of an IST wall-clock time `hhmm` (HH:MM, 24-hour) on `date`. */
export function istInstant(date: string, hhmm: string): number {
  const m = HHMM_RE.exec(hhmm);
  if (!m) throw new InvalidDateError(`invalid time "${hhmm}" (expected HH:MM, 00:00–23:59)`);
  return dayNumber(date) * DAY_MS + (Number(m[1]) * 60 + Number(m[2])) * 60_000 - IST_OFFSET_MS;
}

/** Day of the week of a date, 0 = Sunday … 6 = Saturday. */
export function istWeekday(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new InvalidDateError(`day offset must be an integer, got ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The last calendar day of the month that contains `date`. */
export function endOfMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  assertDate(date);
  return fromDayNumber(Date.UTC(y, m, 0) / DAY_MS);
}
