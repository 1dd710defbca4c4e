import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeClockContract } from './clock.contract';
import { createVirtualClock } from './index';

/** 09:15 and 15:40 IST on a Monday (IST = UTC+05:30), as epoch ms UTC. */
const OPEN = Date.UTC(2026, 0, 5, 3, 45);
const CLOSE = Date.UTC(2026, 0, 5, 10, 10);

describeClockContract('VirtualClock', () => {
  const clock = createVirtualClock(OPEN);
  return { clock, advance: (ms) => clock.advanceBy(ms), stepMs: 1_000, isExact: true };
});

describe('VirtualClock', () => {
  test('advanceBy fires due timers in time order, ties in the order set, and keeps later ones', async () => {
    const clock = createVirtualClock(OPEN);
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`c@${clock.now() - OPEN}`));
    clock.setTimer(100, () => fired.push(`a@${clock.now() - OPEN}`));
    clock.setTimer(200, () => fired.push(`b1@${clock.now() - OPEN}`));
    clock.setTimer(200, () => fired.push(`b2@${clock.now() - OPEN}`));
    clock.setTimer(900, () => fired.push('late'));
    await clock.advanceBy(300);
    assert.deepEqual(fired, ['a@100', 'b1@200', 'b2@200', 'c@300']);
    assert.equal(clock.now(), OPEN + 300);
    assert.equal(clock.pendingTimers(), 1);
  });

  test('advanceBy awaits the promise continuations of the timers it fires', async () => {
    const clock = createVirtualClock(OPEN);
    const steps: number[] = [];
    const job = async () => {
      await clock.sleep(100);
      steps.push(clock.now() - OPEN);
      await Promise.resolve();
      await clock.sleep(100);
      steps.push(clock.now() - OPEN);
    };
    void job();
    clock.setTimer(50, async () => {
      await Promise.resolve();
      steps.push(-1);
    });
    await clock.advanceBy(250);
    // The second sleep is only scheduled once the first one's continuation runs, inside the same advance.
    assert.deepEqual(steps, [-1, 100, 200]);
    assert.equal(clock.now(), OPEN + 250);
  });

  test('advanceTo never moves time backwards', async () => {
    const clock = createVirtualClock(OPEN);
    await clock.advanceTo(OPEN - 1_000);
    assert.equal(clock.now(), OPEN);
  });

  test('runAccelerated covers a 09:15–15:40 IST session (23,100 virtual seconds) in a few wall seconds', async () => {
    const clock = createVirtualClock(OPEN);
    const bars: number[] = [];
    clock.setInterval(60_000, () => bars.push(clock.now()));
    let squareOffAt = 0;
    clock.setTimer(Date.UTC(2026, 0, 5, 10, 0) - OPEN, () => {
      squareOffAt = clock.now();
    });
    const wallStart = Date.now();
    await clock.runAccelerated({ speed: 20_000, until: CLOSE }).done;
    const wallMs = Date.now() - wallStart;
    assert.equal((CLOSE - OPEN) / 1_000, 23_100);
    assert.equal(clock.now(), CLOSE);
    assert.equal(bars.length, 385, 'one bar per minute from 09:16 to 15:40');
    assert.ok(bars.every((at, i) => at === OPEN + (i + 1) * 60_000));
    assert.equal(squareOffAt, Date.UTC(2026, 0, 5, 10, 0), 'the 15:30 IST timer ran at 15:30 IST exactly');
    // Real time would take 6 h 25 min; anything near a few seconds shows the acceleration works.
    assert.ok(wallMs < 30_000, `took ${wallMs} wall ms`);
  });

  test('runAccelerated stops when told to, with time moved forward', async () => {
    const clock = createVirtualClock(OPEN);
    const run = clock.runAccelerated({ speed: 1_000, stepMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    run.stop();
    await run.done;
    const stoppedAt = clock.now();
    assert.ok(stoppedAt > OPEN, 'time did not move');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(clock.now(), stoppedAt, 'time moved after stop');
  });
});
