/**
 * Parser for NSE's holiday-master JSON (`/api/holiday-master?type=trading`, market.md §2.5): an object keyed by
 * segment (CM, FO, CD, COM, …), each a list of rows with `tradingDate` as DD-Mon-YYYY and a `description`.
 * fixtures/nse-holiday-master-trading.json is written by hand from that description and the 2026 circular list
 * (market.md §2.2), not captured from the endpoint, which needs a browser session.
 */
import { z } from 'zod';
import type { Holiday } from '#src/domain/calendar';
import { MARKET_ERRORS } from '../market-errors';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const NSE_DATE = /^(\d{2})-([A-Z][a-z]{2})-(\d{4})$/;

const rowSchema = z.looseObject({
  tradingDate: z.string(),
  description: z.string().trim().min(1),
  weekDay: z.string().optional(),
});
const masterSchema = z.record(z.string(), z.array(rowSchema));

/** The NSE segment list the platform follows: F&O, the segment it trades. */
export const NSE_TRADING_SEGMENT = 'FO';

/** DD-Mon-YYYY → YYYY-MM-DD; undefined when the text is not a real date. */
export function parseNseDate(text: string): string | undefined {
  const m = NSE_DATE.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1 : 0;
  if (!m || month === 0) return undefined;
  const iso = `${m[3]}-${String(month).padStart(2, '0')}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/**
 * The NSE holidays of one segment list (default FO) as full-day Holiday rows. Throws INVALID_HOLIDAY_MASTER when
 * the shape is wrong, the segment is missing or empty, a date is malformed, or a date appears twice: a broken
 * download must never look like "no holidays".
 */
export function parseNseHolidayMaster(raw: unknown, segmentKey: string = NSE_TRADING_SEGMENT): Holiday[] {
  const parsed = masterSchema.safeParse(raw);
  if (!parsed.success) {
    throw MARKET_ERRORS.invalidHolidayMaster(`holiday master is malformed: ${z.prettifyError(parsed.error)}`);
  }
  const rows = parsed.data[segmentKey];
  if (!rows || rows.length === 0) {
    throw MARKET_ERRORS.invalidHolidayMaster(`holiday master has no "${segmentKey}" holidays`);
  }
  const seen = new Set<string>();
  return rows.map((row) => {
    const date = parseNseDate(row.tradingDate);
    if (!date) throw MARKET_ERRORS.invalidHolidayMaster(`bad tradingDate "${row.tradingDate}" (expected DD-Mon-YYYY)`);
    if (seen.has(date)) throw MARKET_ERRORS.invalidHolidayMaster(`holiday master lists ${date} twice`);
    seen.add(date);
    return { exchange: 'NSE', date, name: row.description, closed: 'FULL' } satisfies Holiday;
  });
}
