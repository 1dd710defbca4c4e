// Effective-dated normal-market hours per segment (reference/market.md §1). A new row with a later `from` is how a
// session change ships: nothing else changes, and history stays correct for backtests.
import type { Segment } from '#src/domain/instrument';
import type { Exchange } from './holiday-data';
import { addDays, istWeekday } from './ist';

/** `US_DST` means MCX's evening close, which follows US daylight saving (see mcxClose). */
export type CloseRule = string | 'US_DST';

/** One row of a segment's session table, in force from `from` until the next row's `from`. */
export interface SessionRule {
  readonly from: string;
  readonly open: string;
  readonly close: CloseRule;
}

const EQUITY: readonly SessionRule[] = [{ from: '2000-01-01', open: '09:15', close: '15:30' }];
// Equity F&O closes at 15:40 from 2026-08-03 with the closing auction (SEBI 2026-01-16; NSE/FAOP/74467).
const EQUITY_FO: readonly SessionRule[] = [
  { from: '2000-01-01', open: '09:15', close: '15:30' },
  { from: '2026-08-03', open: '09:15', close: '15:40' },
];
// Non-agri MCX (bullion, energy, base metals); agri contracts are not traded by the platform.
const MCX: readonly SessionRule[] = [{ from: '2000-01-01', open: '09:00', close: 'US_DST' }];

/** Normal-market session rows for every segment, oldest first. */
export const SESSION_TABLE: Readonly<Record<Segment, readonly SessionRule[]>> = {
  NSE: EQUITY,
  BSE: EQUITY,
  NSE_INDEX: EQUITY,
  BSE_INDEX: EQUITY,
  NFO: EQUITY_FO,
  BFO: EQUITY_FO,
  MCX,
  MCX_INDEX: MCX,
};

/** MCX's morning/evening boundary, used only on half-day holidays (reference/market.md §2.3). */
export const MCX_HALF_DAY_SPLIT = '17:00';

/** Futures-only pre-open in equity F&O: order entry, matching and buffer (NSE from 2025-12-08, market.md §1.3). */
export const FUTURES_PRE_OPEN: Readonly<Partial<Record<Segment, SessionRule & { readonly close: string }>>> = {
  NFO: { from: '2025-12-08', open: '09:00', close: '09:15' },
};

/** The exchange whose holiday list governs a segment. */
export const SEGMENT_EXCHANGE: Readonly<Record<Segment, Exchange>> = {
  NSE: 'NSE',
  NFO: 'NSE',
  NSE_INDEX: 'NSE',
  BSE: 'BSE',
  BFO: 'BSE',
  BSE_INDEX: 'BSE',
  MCX: 'MCX',
  MCX_INDEX: 'MCX',
};

/** The row of `rules` in force on `date`. */
export function ruleOn<T extends { readonly from: string }>(rules: readonly T[], date: string): T | undefined {
  let found: T | undefined;
  for (const r of rules) if (r.from <= date) found = r;
  return found;
}

/** The `n`th (1-based) given weekday of a month, as a date. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (weekday - istWeekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

/**
 * MCX's closing time on `date`: 23:30 while US DST is in force, 23:55 otherwise. MCX switches on the Monday after
 * the US change (US DST runs from the 2nd Sunday of March to the 1st Sunday of November), market.md §1.4.
 */
export function mcxClose(date: string): string {
  const year = Number(date.slice(0, 4));
  const dstStart = addDays(nthWeekday(year, 3, 0, 2), 1);
  const dstEnd = addDays(nthWeekday(year, 11, 0, 1), 1);
  return date >= dstStart && date < dstEnd ? '23:30' : '23:55';
}
