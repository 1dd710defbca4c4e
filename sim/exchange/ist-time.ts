/** IST is UTC+05:30 with no daylight saving (reference/market.md §1.1), so a fixed offset is exact. */
export const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Minutes since IST midnight, fractional. */
export function istMinuteOfDay(epochMs: number): number {
  const local = epochMs + IST_OFFSET_MS;
  return (((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000;
}

/** A number that changes exactly at IST midnight (days since the epoch, in IST). */
export function istDayNumber(epochMs: number): number {
  return Math.floor((epochMs + IST_OFFSET_MS) / DAY_MS);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// F&O normal market closes at 15:40 IST from 2026-08-03, 15:30 before (reference/market.md §1.3 and §3
// "Expiry time"); contracts expire at that close.
const CLOSE_CHANGE = '2026-08-03';

/** The instant an index option expiring on `expiry` (YYYY-MM-DD) stops trading: the IST close that day. */
export function expiryCloseMs(expiry: string): number {
  const m = DATE.exec(expiry);
  if (!m) throw new RangeError(`expiry must be YYYY-MM-DD, got "${expiry}"`);
  const [hour, minute] = expiry >= CLOSE_CHANGE ? [15, 40] : [15, 30];
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, minute) - IST_OFFSET_MS;
}
