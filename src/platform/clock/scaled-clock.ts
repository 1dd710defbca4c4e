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
  const now = () => Math.floor(opts.origin + (wallNow() - opts.anchor) * opts.speed);

  /**
   * Calls `fn` once virtual time reaches `due`. A wall timer has whole-millisecond granularity, which at high
   * speed is many virtual ms, and may fire a little early; an early wake re-arms for the remainder so that
   * `now()` inside `fn` is never before `due`.
   */
  const at = (due: number, fn: () => void, opt: { isRef: boolean }): TimerHandle => {
    let handle: ReturnType<typeof setTimeout>;
    const arm = (wallMs: number) => {
      handle = setTimeout(() => (now() >= due ? fn() : arm(Math.max(1, Math.ceil(toWall(due - now()))))), wallMs);
      if (!opt.isRef) handle.unref();
    };
    arm(Math.max(0, Math.ceil(toWall(due - now()))));
    return { cancel: () => clearTimeout(handle) };
  };

  const clock: Clock = {
    now,
    setTimer: (delayMs, fn) => at(now() + Math.max(0, delayMs), fn, { isRef: false }),
    setInterval(periodMs, fn): TimerHandle {
      // Re-arm against the virtual timeline so drift does not accumulate.
      const period = Math.max(1, periodMs);
      let next = now() + period;
      let current: TimerHandle;
      const tick = () => {
        next += period;
        current = at(next, tick, { isRef: false });
        fn();
      };
      current = at(next, tick, { isRef: false });
      return { cancel: () => current.cancel() };
    },
    sleep: (delayMs) =>
      new Promise<void>((resolve) => {
        at(now() + Math.max(0, delayMs), resolve, { isRef: true });
      }),
  };
  return clock;
}
