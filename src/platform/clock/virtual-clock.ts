import type { Clock, TimerHandle } from './clock';

interface Timer {
  readonly seq: number;
  at: number;
  readonly periodMs: number | undefined;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told to: by `advanceTo`/`advanceBy`, or by `runAccelerated`. */
export interface VirtualClock extends Clock {
  /** Moves time forward, firing every due timer in time order, awaiting the async work they start. */
  advanceBy(ms: number): Promise<void>;
  advanceTo(epochMs: number): Promise<void>;
  /** Runs forward at `speed` virtual ms per wall ms until `until` (or until stopped). */
  runAccelerated(opts: { speed: number; until?: number; stepMs?: number }): { stop(): void; done: Promise<void> };
  /** Number of timers still scheduled. */
  pendingTimers(): number;
}

/** Lets promise continuations queued by a timer callback run before the next timer fires. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Creates a virtual clock starting at `start` (epoch ms UTC). */
export function createVirtualClock(start: number): VirtualClock {
  let now = start;
  let seq = 0;
  let timers: Timer[] = [];

  const schedule = (at: number, periodMs: number | undefined, fn: () => void): TimerHandle => {
    const timer: Timer = { seq: seq++, at, periodMs, fn, cancelled: false };
    timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  };

  const nextDue = (limit: number): Timer | undefined => {
    timers = timers.filter((t) => !t.cancelled);
    let best: Timer | undefined;
    for (const t of timers) {
      if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    }
    return best;
  };

  const advanceTo = async (target: number) => {
    for (let t = nextDue(target); t; t = nextDue(target)) {
      now = Math.max(now, t.at);
      if (t.periodMs === undefined) t.cancelled = true;
      else t.at += t.periodMs;
      t.fn();
      await settle();
    }
    now = Math.max(now, target);
    await settle();
  };

  const clock: VirtualClock = {
    now: () => now,
    setTimer: (delayMs, fn) => schedule(now + Math.max(0, delayMs), undefined, fn),
    setInterval: (periodMs, fn) => schedule(now + Math.max(1, periodMs), Math.max(1, periodMs), fn),
    sleep: (delayMs) => new Promise((resolve) => schedule(now + Math.max(0, delayMs), undefined, resolve)),
    advanceTo,
    advanceBy: (ms) => advanceTo(now + ms),
    pendingTimers: () => timers.filter((t) => !t.cancelled).length,
    runAccelerated({ speed, until, stepMs = 1000 }) {
      let stopped = false;
      const done = (async () => {
        let wall = Date.now();
        while (!stopped && (until === undefined || now < until)) {
          await new Promise((r) => setTimeout(r, Math.max(1, stepMs / speed)));
          const elapsed = (Date.now() - wall) * speed;
          wall = Date.now();
          await advanceTo(until === undefined ? now + elapsed : Math.min(until, now + elapsed));
        }
      })();
      return {
        stop: () => {
          stopped = true;
        },
        done,
      };
    },
  };
  return clock;
}
