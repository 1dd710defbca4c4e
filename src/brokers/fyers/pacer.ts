import type { Clock } from '#src/platform/clock/clock';

/** Spaces requests under per-second and per-minute ceilings (Fyers counts every REST call, §1.8). */
export interface Pacer {
  /** Resolves when one more request may be sent now. */
  acquire(): Promise<void>;
}

/** Sliding-window pacer. Waiters are served in order, so a burst is spread rather than reordered. */
export function createPacer(p: { clock: Clock; perSecond: number; perMinute: number }): Pacer {
  const sent: number[] = [];
  let chain: Promise<void> = Promise.resolve();

  const waitNeeded = (now: number): number => {
    while (sent.length > 0 && (sent[0] ?? 0) <= now - 60_000) sent.shift();
    let wait = 0;
    if (sent.length >= p.perMinute) wait = (sent[sent.length - p.perMinute] ?? now) + 60_000 - now;
    const lastSecond = sent.filter((t) => t > now - 1000);
    if (lastSecond.length >= p.perSecond) {
      wait = Math.max(wait, (lastSecond[lastSecond.length - p.perSecond] ?? now) + 1000 - now);
    }
    return wait;
  };

  const take = async () => {
    for (let wait = waitNeeded(p.clock.now()); wait > 0; wait = waitNeeded(p.clock.now())) {
      await p.clock.sleep(wait);
    }
    sent.push(p.clock.now());
  };

  return {
    acquire() {
      const next = chain.then(take);
      chain = next;
      return next;
    },
  };
}
