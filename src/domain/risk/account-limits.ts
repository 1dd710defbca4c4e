/**
 * Per-account safeguards checked by the gateway. They halt only the account that breached them; other accounts
 * on the same strategy keep trading.
 */
export interface AccountLimits {
  /** Definite broker rejections in a row (no acceptance in between) that halt the account. */
  readonly maxConsecutiveErrors: number;
  /** Realised loss for the trading day, in paise (a positive number), that halts the account. */
  readonly maxDayLossPaise: number;
}

export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = { maxConsecutiveErrors: 5, maxDayLossPaise: 5_000_000 };

export type HaltReason = 'CONSECUTIVE_ERRORS' | 'DAY_LOSS_LIMIT' | 'RECONCILIATION_MISMATCH' | 'MANUAL';

export type RiskVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: HaltReason };

/** Whether an account is within its limits, given its error streak and today's realised P&L (signed paise). */
export function checkAccountLimits(
  state: { readonly consecutiveErrors: number; readonly dayPnlPaise: number },
  limits: AccountLimits,
): RiskVerdict {
  if (state.consecutiveErrors >= limits.maxConsecutiveErrors) return { ok: false, reason: 'CONSECUTIVE_ERRORS' };
  if (-state.dayPnlPaise >= limits.maxDayLossPaise) return { ok: false, reason: 'DAY_LOSS_LIMIT' };
  return { ok: true };
}

/** True once an entry order has been working longer than the timeout, in market-clock milliseconds. */
export function isEntryTimedOut(p: { readonly createdAt: number; readonly now: number; readonly timeoutSec: number }) {
  return p.now - p.createdAt >= p.timeoutSec * 1_000;
}
