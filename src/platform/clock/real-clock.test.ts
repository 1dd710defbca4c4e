import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeClockContract } from './clock.contract';
import { createRealClock } from './index';

/** Waits out `ms` of wall time, plus a little so a timer due at exactly `ms` has run. */
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms + 10));

describeClockContract('RealClock', () => ({ clock: createRealClock(), advance: wait, stepMs: 40, isExact: false }));

test('RealClock never runs a timer or ends a sleep before Date.now() reaches its due time', async () => {
  // Node's timers can wake up to 1 ms before Date.now() says the delay has passed: a job due at 09:15:00.000
  // would see 09:14:59.999. Many short timers make that visible.
  const clock = createRealClock();
  const keepAlive = setInterval(() => {}, 1_000);
  const early: string[] = [];
  try {
    for (let i = 0; i < 150; i++) {
      const delayMs = 2 + (i % 5);
      const start = clock.now();
      await new Promise<void>((resolve) =>
        clock.setTimer(delayMs, () => {
          if (clock.now() - start < delayMs) early.push(`timer ${delayMs}: ${clock.now() - start}`);
          resolve();
        }),
      );
      const slept = clock.now();
      await clock.sleep(delayMs);
      if (clock.now() - slept < delayMs) early.push(`sleep ${delayMs}: ${clock.now() - slept}`);
    }
  } finally {
    clearInterval(keepAlive);
  }
  assert.deepEqual(early, []);
});
