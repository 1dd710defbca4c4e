import type { Clock, TimerHandle } from '#src/platform/clock';

/** Watches one source's heartbeat of batches; calls `onStall` when none came for `stallMs` while expected. */
export interface StallWatchdog {
  beat(): void;
  readonly isStalled: boolean;
  readonly stalls: number;
  /** Ms since the last batch (or since start). */
  sinceLastBatchMs(): number;
  stop(): void;
}

export function createStallWatchdog(deps: {
  clock: Clock;
  stallMs: number;
  /** True while the source should be sending (one of its segments is open). */
  isExpected: (now: number) => boolean;
  /** Called on every expired window while stalled; `isFirst` on the first of a stall. */
  onStall: (isFirst: boolean) => void;
  onRecover?: () => void;
}): StallWatchdog {
  const { clock } = deps;
  let lastBeat = clock.now();
  let lastBatchAt = lastBeat;
  let isStalled = false;
  let stalls = 0;
  const checkEveryMs = Math.max(100, Math.floor(deps.stallMs / 4));
  const timer: TimerHandle = clock.setInterval(checkEveryMs, () => {
    const now = clock.now();
    if (!deps.isExpected(now)) {
      // A closed market sends nothing; the clock restarts at the open.
      lastBeat = now;
      return;
    }
    if (now - lastBeat < deps.stallMs) return;
    const isFirst = !isStalled;
    if (isFirst) stalls++;
    isStalled = true;
    // Re-arm: the remedy (a reconnect) gets a full window before it is tried again.
    lastBeat = now;
    deps.onStall(isFirst);
  });
  return {
    beat() {
      lastBeat = clock.now();
      lastBatchAt = lastBeat;
      if (isStalled) {
        isStalled = false;
        deps.onRecover?.();
      }
    },
    get isStalled() {
      return isStalled;
    },
    get stalls() {
      return stalls;
    },
    sinceLastBatchMs: () => clock.now() - lastBatchAt,
    stop: () => timer.cancel(),
  };
}
