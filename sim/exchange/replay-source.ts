import type { Tick } from '#src/domain/market/tick';
import type { Clock, TimerHandle } from '#src/platform/clock';

/** Options of a replay source. */
export interface ReplaySourceOptions {
  readonly clock: Clock;
  /** Recorded ticks, sorted by ts (checked). */
  readonly ticks: readonly Tick[];
  /** Recorded ms per clock ms; default 1. */
  readonly speed?: number;
  /** Stamp each emitted tick with the clock time of emission instead of its recorded ts; default false. */
  readonly retime?: boolean;
  /** Receives the ticks of one recorded instant; the next batch waits for a returned promise. */
  readonly onTicks: (ticks: Tick[]) => void | Promise<void>;
}

/** Plays recorded ticks back on a clock. */
export interface ReplaySource {
  /** Starts playback; a second call does nothing. */
  start(): void;
  /** Stops playback; `done` then resolves. */
  stop(): void;
  /** Resolves when every tick was emitted or the source was stopped; rejects if `onTicks` fails. */
  readonly done: Promise<void>;
}

function assertSorted(ticks: readonly Tick[]): void {
  for (let i = 1; i < ticks.length; i++) {
    const prev = ticks[i - 1]!.ts;
    const cur = ticks[i]!.ts;
    if (cur < prev)
      throw new RangeError(`replay ticks must be sorted by ts: #${i} (${cur}) is before #${i - 1} (${prev})`);
  }
}

/**
 * Emits recorded ticks at their timestamps on `clock`, one batch per distinct ts. If the clock is already past
 * the first tick when started, the whole recording shifts to start now. With `speed` s, a gap of g recorded ms
 * takes g/s clock ms.
 */
export function createReplaySource(opts: ReplaySourceOptions): ReplaySource {
  const { clock, ticks, onTicks } = opts;
  const speed = opts.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
  assertSorted(ticks);
  const origin = ticks[0]?.ts ?? 0;
  let base = 0;
  let next = 0;
  let timer: TimerHandle | undefined;
  let isStarted = false;
  let isStopped = false;
  let resolve: () => void = () => {};
  let reject: (error: Error) => void = () => {};
  // Node 20 has no Promise.withResolvers.
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const fail = (error: unknown): void => reject(new Error('replay source: onTicks failed', { cause: error }));

  const takeBatch = (): Tick[] => {
    const ts = ticks[next]!.ts;
    const batch: Tick[] = [];
    for (; next < ticks.length && ticks[next]!.ts === ts; next++) {
      const t = ticks[next]!;
      batch.push(opts.retime ? { ...t, ts: clock.now() } : t);
    }
    return batch;
  };

  const scheduleNext = (): void => {
    if (isStopped || next >= ticks.length) {
      resolve();
      return;
    }
    // Due time is absolute, so a slow consumer delays a batch but never shifts the ones after it.
    const dueAt = base + (ticks[next]!.ts - origin) / speed;
    timer = clock.setTimer(Math.max(0, dueAt - clock.now()), fire);
  };

  function fire(): void {
    if (isStopped) return;
    let pending: void | Promise<void>;
    try {
      pending = onTicks(takeBatch());
    } catch (error) {
      fail(error);
      return;
    }
    if (pending instanceof Promise) pending.then(scheduleNext, fail);
    else scheduleNext();
  }

  return {
    start() {
      if (isStarted) return;
      isStarted = true;
      base = Math.max(clock.now(), origin);
      scheduleNext();
    },
    stop() {
      isStopped = true;
      timer?.cancel();
      resolve();
    },
    done,
  };
}
