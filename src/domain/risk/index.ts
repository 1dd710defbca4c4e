/** Risk rules in the platform's vocabulary: per-account limits, entry timeouts and order-rate windows. */
export {
  type AccountLimits,
  checkAccountLimits,
  DEFAULT_ACCOUNT_LIMITS,
  type HaltReason,
  isEntryTimedOut,
  type RiskVerdict,
} from './account-limits';
export type { RateLimits } from './rate-types';
export { type RateWindow, SEBI_CLIENT_SEGMENT_PER_SECOND, windowAt, windowsOf } from './rate-window';
