import type { Clock } from './clock';
import { createScaledClock } from './scaled-clock';

/**
 * Wall-clock time. Timers are unref'd so they never keep a process alive on their own. It is the scaled clock
 * at speed 1 from the epoch (`now()` is `Date.now()`), which brings its guard: Node's timers can wake up to
 * 1 ms before `Date.now()` reaches the delay, and a timer that does is re-armed rather than run early.
 */
export function createRealClock(): Clock {
  return createScaledClock({ origin: 0, anchor: 0, speed: 1 });
}
