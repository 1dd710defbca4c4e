import type { Clock, TimerHandle } from './clock';

/** Wall-clock time. Timers are unref'd so they never keep a process alive on their own. */
export function createRealClock(): Clock {
  return {
    now: () => Date.now(),
    setTimer(delayMs, fn): TimerHandle {
      const t = setTimeout(fn, Math.max(0, delayMs));
      t.unref();
      return { cancel: () => clearTimeout(t) };
    },
    setInterval(periodMs, fn): TimerHandle {
      const t = setInterval(fn, Math.max(1, periodMs));
      t.unref();
      return { cancel: () => clearInterval(t) };
    },
    sleep: (delayMs) => new Promise((resolve) => setTimeout(resolve, Math.max(0, delayMs))),
  };
}
