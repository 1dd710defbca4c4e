/** Exponential reconnect delays with full jitter, capped; `reset` after a connection proves healthy. */
export interface Backoff {
  next(): number;
  reset(): void;
  readonly attempts: number;
}

export function createBackoff(opts: { baseMs?: number; maxMs?: number; random?: () => number } = {}): Backoff {
  const baseMs = opts.baseMs ?? 500;
  const maxMs = opts.maxMs ?? 30_000;
  const random = opts.random ?? Math.random;
  let attempts = 0;
  return {
    get attempts() {
      return attempts;
    },
    next() {
      const ceiling = Math.min(maxMs, baseMs * 2 ** attempts);
      attempts++;
      // Full jitter: many feed processes reconnecting after a broker outage do not arrive in lockstep.
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
    reset() {
      attempts = 0;
    },
  };
}
