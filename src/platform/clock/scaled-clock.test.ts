import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeClockContract } from './clock.contract';
import { type Clock, createScaledClock } from './index';

/** 09:15 IST on a Monday, as epoch ms UTC. */
const SESSION_OPEN = Date.UTC(2026, 0, 5, 3, 45);
const SPEED = 1_000;

describeClockContract('ScaledClock', () => ({
  clock: createScaledClock({ origin: SESSION_OPEN, anchor: Date.now(), speed: SPEED }),
  // At 1,000x, 50 virtual seconds are 50 wall ms; the extra 10 wall ms lets a timer due at the end run.
  advance: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms / SPEED + 10)),
  stepMs: 50_000,
  isExact: false,
}));

describe('ScaledClock', () => {
  test('two instances with the same origin, anchor and speed agree on now', () => {
    const opts = { origin: SESSION_OPEN, anchor: Date.now() - 1_234, speed: SPEED };
    const a = createScaledClock(opts);
    const b = createScaledClock(opts);
    for (let i = 0; i < 100; i++) {
      const [x, y] = [a.now(), b.now()];
      // Both read the wall clock; between the two reads at most one wall millisecond can tick.
      assert.ok(Math.abs(x - y) <= SPEED, `${x} vs ${y}`);
    }
    const wall = 1_767_000_000_000;
    const fixed = { origin: SESSION_OPEN, anchor: wall - 2_000, speed: 60, wallNow: () => wall };
    assert.equal(createScaledClock(fixed).now(), createScaledClock(fixed).now());
    assert.equal(createScaledClock(fixed).now(), SESSION_OPEN + 120_000);
  });

  test('never fires a timer or ends a sleep before its virtual due time, even at high speed', async () => {
    const clock = createScaledClock({ origin: SESSION_OPEN, anchor: Date.now(), speed: SPEED });
    const early: string[] = [];
    // The clock's timers are unref'd; without a referenced handle the test process would end while waiting.
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      await collectEarlyFirings(clock, early);
    } finally {
      clearInterval(keepAlive);
    }
    assert.deepEqual(early, []);
  });
});

async function collectEarlyFirings(clock: Clock, early: string[]): Promise<void> {
  for (let i = 0; i < 30; i++) {
    // Delays that are not whole wall milliseconds expose rounding of the wall timer.
    const delayMs = 2_000 + i * 137;
    const start = clock.now();
    await new Promise<void>((resolve) => {
      clock.setTimer(delayMs, () => {
        if (clock.now() - start < delayMs) early.push(`timer ${delayMs}: ${clock.now() - start}`);
        resolve();
      });
    });
    const slept = clock.now();
    await clock.sleep(delayMs);
    if (clock.now() - slept < delayMs) early.push(`sleep ${delayMs}: ${clock.now() - slept}`);
  }
}
