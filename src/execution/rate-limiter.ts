import { type RateLimits, type RateWindow, windowAt, windowsOf } from '#src/domain/risk';
import type { Bus } from '#src/platform/bus';
import { EXEC_KEYS } from './keys';

/** One rate-limited scope: a broker app, or one client's exchange segment. */
export interface RateScope {
  readonly key: string;
  readonly limits: RateLimits;
}

/**
 * Order-rate pacing shared by every executor through the bus: fixed windows counted with `incr` (atomic on both bus
 * implementations, no scripts). Over the limit, the caller waits for the next window; nothing is rejected locally.
 */
export interface RateLimiter {
  /** Resolves when an order may be sent in every scope; returns the milliseconds spent waiting. */
  acquire(scopes: readonly RateScope[]): Promise<number>;
}

export function createRateLimiter(deps: {
  bus: Bus;
  /** Wall time: the broker's clock decides which window an order falls in, not the market clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): RateLimiter {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async acquire(scopes) {
      const started = now();
      // Every window of every scope is counted at once (one round trip for all of them, pipelined by the bus);
      // each window over its limit waits for its next window and counts again.
      const take = async (key: string, w: RateWindow) => {
        for (;;) {
          const at = windowAt(now(), w.windowMs);
          const n = await deps.bus.incr(EXEC_KEYS.rateWindow(key, w.name, at.index), 1, w.windowMs * 2);
          if (n <= w.limit) return;
          await sleep(at.waitMs + 1);
        }
      };
      await Promise.all(scopes.flatMap((scope) => windowsOf(scope.limits).map((w) => take(scope.key, w))));
      return now() - started;
    },
  };
}
