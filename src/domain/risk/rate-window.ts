import type { RateLimits } from './rate-types';

/** One fixed window of a rate limit: at most `limit` orders per `windowMs`. */
export interface RateWindow {
  readonly name: string;
  readonly windowMs: number;
  readonly limit: number;
}

/**
 * SEBI's threshold is 10 orders per second per client per exchange segment; we keep headroom below it because the
 * broker's clock, not ours, decides which second an order falls in.
 */
export const SEBI_CLIENT_SEGMENT_PER_SECOND = 8;

/** The fixed windows a published limit set implies (second, minute, 15 minutes, day). */
export function windowsOf(limits: RateLimits): RateWindow[] {
  const w: RateWindow[] = [];
  if (limits.perSecond) w.push({ name: 's', windowMs: 1_000, limit: limits.perSecond });
  if (limits.perMinute) w.push({ name: 'm', windowMs: 60_000, limit: limits.perMinute });
  if (limits.per15Minutes) w.push({ name: 'q', windowMs: 900_000, limit: limits.per15Minutes });
  if (limits.perDay) w.push({ name: 'd', windowMs: 86_400_000, limit: limits.perDay });
  return w;
}

/** The index of the window `now` falls in, and how long until the next one starts. */
export function windowAt(now: number, windowMs: number): { readonly index: number; readonly waitMs: number } {
  const index = Math.floor(now / windowMs);
  return { index, waitMs: (index + 1) * windowMs - now };
}
