// Effective-dated expiry rules for exchange-traded index derivatives (reference/market.md §3). Rules are used only
// where no contract master gives the date; the contract master's expiry field is authoritative.
import type { Segment } from '#src/domain/instrument';

/** The weekday (0 = Sunday) on which an exchange's contracts expire, by the contract's nominal expiry date. */
export interface ExpiryWeekdayRule {
  readonly from: string;
  readonly weekday: number;
}

/**
 * NSE: Thursday, then Tuesday for contracts expiring on or after 2025-09-01 (NSE/FAOP/68747).
 * BSE: Friday in 2023–24, Tuesday from January 2025, Thursday from 2025-09-01 (market.md §3 "Expiry rules").
 */
export const EXPIRY_WEEKDAYS: Readonly<Record<'NFO' | 'BFO', readonly ExpiryWeekdayRule[]>> = {
  NFO: [
    { from: '2000-01-01', weekday: 4 },
    { from: '2025-09-01', weekday: 2 },
  ],
  BFO: [
    { from: '2023-01-01', weekday: 5 },
    { from: '2025-01-01', weekday: 2 },
    { from: '2025-09-01', weekday: 4 },
  ],
};

/** How an index underlying's options expire. */
export interface UnderlyingExpiryRule {
  readonly segment: 'NFO' | 'BFO';
  /** Weekly expiries exist from this date (SEBI's one-benchmark-per-exchange rule, effective 2024-11-20). */
  readonly weeklyFrom?: string;
  /** First listed expiry, for underlyings launched recently. */
  readonly listedFrom?: string;
}

/**
 * Index underlyings whose expiries can be derived by rule. Weeklies of the other indices before 2024-11-20 fell on
 * other weekdays and are not modelled; only NIFTY and SENSEX have weeklies since then.
 */
export const UNDERLYING_EXPIRY_RULES: Readonly<Record<string, UnderlyingExpiryRule>> = {
  NIFTY: { segment: 'NFO', weeklyFrom: '2024-11-20' },
  BANKNIFTY: { segment: 'NFO' },
  FINNIFTY: { segment: 'NFO' },
  MIDCPNIFTY: { segment: 'NFO' },
  NIFTYNXT50: { segment: 'NFO' },
  NIFTYFPI: { segment: 'NFO', listedFrom: '2026-08-25' },
  SENSEX: { segment: 'BFO', weeklyFrom: '2024-11-20' },
  BANKEX: { segment: 'BFO' },
  SENSEX50: { segment: 'BFO' },
};

/** The segment whose calendar governs an underlying's expiry, or undefined when no rule is known. */
export function expirySegment(underlying: string): Segment | undefined {
  return UNDERLYING_EXPIRY_RULES[underlying]?.segment;
}
