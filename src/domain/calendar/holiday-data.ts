import { z } from 'zod';
import { isValidDate } from './ist';

/** An exchange publishes one holiday list; it applies to every segment of that exchange (see EXCHANGE_SEGMENTS). */
export type Exchange = 'NSE' | 'BSE' | 'MCX';

/**
 * Which part of the day a holiday closes. NSE/BSE holidays close the FULL day. MCX often closes only the
 * MORNING (09:00–17:00) or only the EVENING (17:00–close) half (reference/market.md §2.3).
 */
export type ClosedPart = 'FULL' | 'MORNING' | 'EVENING';

/** One dated exchange holiday. */
export interface Holiday {
  readonly exchange: Exchange;
  readonly date: string;
  readonly name: string;
  readonly closed: ClosedPart;
  readonly note?: string | undefined;
}

/**
 * A dated one-off session (Muhurat trading) with its own normal-market times. `open`/`close` are null while the
 * exchange has not announced them; such a session is known to exist but cannot be traded by the platform.
 */
export interface SpecialSession {
  readonly date: string;
  readonly name: string;
  readonly kind: 'MUHURAT' | 'SPECIAL';
  readonly exchanges: readonly Exchange[];
  readonly open: string | null;
  readonly close: string | null;
  readonly note?: string | undefined;
}

/**
 * The shape of data/holidays.json. `coverage` is the range of dates the lists are complete for; outside it every
 * weekday looks like a trading day, so callers should alert (see TradingCalendar.covers).
 */
export interface HolidayData {
  readonly coverage: { readonly from: string; readonly to: string };
  readonly holidays: readonly Holiday[];
  readonly specialSessions: readonly SpecialSession[];
}

const date = z.string().refine(isValidDate, 'expected a real YYYY-MM-DD date');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const exchange = z.enum(['NSE', 'BSE', 'MCX']);

const holidayDataSchema = z.object({
  coverage: z.object({ from: date, to: date }),
  holidays: z
    .array(
      z.object({
        exchange,
        date,
        name: z.string().min(1),
        closed: z.enum(['FULL', 'MORNING', 'EVENING']),
        note: z.string().optional(),
      }),
    )
    .min(1, 'a holiday list is never empty'),
  specialSessions: z.array(
    z.object({
      date,
      name: z.string().min(1),
      kind: z.enum(['MUHURAT', 'SPECIAL']),
      exchanges: z.array(exchange).min(1),
      open: hhmm.nullable(),
      close: hhmm.nullable(),
      note: z.string().optional(),
    }),
  ),
});

/** Thrown when holiday or contract data fails validation; the message lists every problem. */
export class InvalidMarketDataError extends Error {
  readonly code = 'INVALID_MARKET_DATA';
}

/**
 * Validates raw JSON (e.g. data/holidays.json read by platform code) as HolidayData. Pure: the caller does the I/O.
 * Rejects an empty list, malformed dates, duplicate (exchange, date) rows and special sessions with open ≥ close.
 */
export function parseHolidayData(raw: unknown): HolidayData {
  const result = holidayDataSchema.safeParse(raw);
  if (!result.success) throw new InvalidMarketDataError(`invalid holiday data: ${z.prettifyError(result.error)}`);
  const data = result.data;
  const seen = new Set<string>();
  for (const h of data.holidays) {
    const key = `${h.exchange}:${h.date}`;
    if (seen.has(key)) throw new InvalidMarketDataError(`invalid holiday data: duplicate holiday ${key}`);
    seen.add(key);
  }
  for (const s of data.specialSessions) {
    if ((s.open === null) !== (s.close === null) || (s.open !== null && s.close !== null && s.open >= s.close)) {
      throw new InvalidMarketDataError(`invalid holiday data: special session ${s.date} has open/close out of order`);
    }
  }
  return data;
}
