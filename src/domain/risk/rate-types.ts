/** Published order-rate limits, structurally the same as a broker adapter's `orderRateLimits` capability. */
export interface RateLimits {
  readonly perSecond?: number;
  readonly perMinute?: number;
  readonly per15Minutes?: number;
  readonly perDay?: number;
}
