import type { Clock, TimerHandle } from './clock';

/** Options of a ScaledClock: virtual time `origin` at wall time `anchor`, running `speed` times faster. */
export interface ScaledClockOptions {
  /** Virtual epoch ms at the anchor. */
  readonly origin: number;
  /** Wall-clock epoch ms that corresponds to `origin`. */
  readonly anchor: number;
  /** Virtual milliseconds per wall millisecond (1 = real time). */
  readonly speed: number;
  /** Wall clock, injectable for tests. */
  readonly wallNow?: () => number;
}

/**
 * An accelerated clock that is a pure function of wall time, so separate processes given the same
 * origin/anchor/speed agree on "now" without talking to each other (the split-process simulated day).
 */
export function createScaledClock(opts: ScaledClockOptions): Clock {
  const wallNow = opts.wallNow ?? Date.now;
  const toWall = (virtualMs: number) => virtualMs / opts.speed;
  const clock: Clock = {
    now: () => Math.floor(opts.origin + (wallNow() - opts.anchor) * opts.speed),
    setTimer(delayMs, fn): TimerHandle {
      const t = setTimeout(fn, Math.max(0, toWall(delayMs)));
      t.unref();
      return { cancel: () => clearTimeout(t) };
    },
    setInterval(periodMs, fn): TimerHandle {
      // Re-arm against the virtual timeline so drift does not accumulate.
      let next = clock.now() + periodMs;
      let handle: ReturnType<typeof setTimeout>;
      const arm = () => {
        handle = setTimeout(
          () => {
            next += periodMs;
            arm();
            fn();
          },
          Math.max(0, toWall(next - clock.now())),
        );
        handle.unref();
      };
      arm();
      return { cancel: () => clearTimeout(handle) };
    },
    sleep: (delayMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, toWall(delayMs)))),
  };
  return clock;
}
