import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from './clock';

/** One clock under test, and how to let its time pass. */
export interface ClockFixture {
  readonly clock: Clock;
  /** Lets at least `ms` of this clock's time pass: advances a virtual clock, waits out a real or scaled one. */
  advance(ms: number): Promise<void>;
  /** A delay that is short in wall time on this clock; tests schedule 1 to 4 of them. */
  readonly stepMs: number;
  /** True when time moves only by `advance`, so counts can be asserted exactly rather than within a range. */
  readonly isExact: boolean;
}

/**
 * Registers what every Clock does (RealClock, VirtualClock, ScaledClock): timers fire in time order and never
 * before they are due on that clock, cancel works, intervals repeat until cancelled, sleep waits its delay.
 */
export function describeClockContract(name: string, make: () => ClockFixture): void {
  describe(`${name} passes the Clock contract`, () => {
    test('fires timers in time order, never before they are due', async () => {
      const { clock, advance, stepMs } = make();
      const start = clock.now();
      const fired: { label: string; elapsed: number }[] = [];
      const at = (steps: number, label: string) =>
        clock.setTimer(steps * stepMs, () => fired.push({ label, elapsed: clock.now() - start }));
      at(3, 'c');
      at(1, 'a');
      at(2, 'b');
      await advance(4 * stepMs);
      assert.deepEqual(
        fired.map((f) => f.label),
        ['a', 'b', 'c'],
      );
      for (const [i, f] of fired.entries())
        assert.ok(f.elapsed >= (i + 1) * stepMs, `${f.label} fired early: ${f.elapsed}`);
    });

    test('cancel stops a timer and an interval before they fire', async () => {
      const { clock, advance, stepMs } = make();
      const fired: string[] = [];
      clock.setTimer(stepMs, () => fired.push('cancelled timer')).cancel();
      clock.setInterval(stepMs, () => fired.push('cancelled interval')).cancel();
      clock.setTimer(2 * stepMs, () => fired.push('kept'));
      await advance(3 * stepMs);
      assert.deepEqual(fired, ['kept']);
    });

    test('setInterval repeats every period until cancelled', async () => {
      const { clock, advance, stepMs, isExact } = make();
      const start = clock.now();
      const elapsed: number[] = [];
      const handle = clock.setInterval(stepMs, () => elapsed.push(clock.now() - start));
      await advance(3.5 * stepMs);
      if (isExact) assert.deepEqual(elapsed, [stepMs, 2 * stepMs, 3 * stepMs]);
      // A loaded machine may run a wall-clock interval late, so real time only promises a range.
      else assert.ok(elapsed.length >= 2 && elapsed.length <= 4, `fired ${elapsed.length} times`);
      for (const [i, e] of elapsed.entries()) assert.ok(e >= (i + 1) * stepMs, `repeat ${i + 1} fired early: ${e}`);
      handle.cancel();
      const count = elapsed.length;
      await advance(2 * stepMs);
      assert.equal(elapsed.length, count, 'the interval fired after cancel');
    });

    test('sleep resolves after its delay on this clock, and not before', async () => {
      const { clock, advance, stepMs } = make();
      const start = clock.now();
      let resolvedAfter: number | undefined;
      const sleeping = clock.sleep(2 * stepMs).then(() => {
        resolvedAfter = clock.now() - start;
      });
      await advance(stepMs);
      assert.equal(resolvedAfter, undefined, 'sleep resolved halfway through its delay');
      await advance(2 * stepMs);
      await sleeping;
      assert.ok((resolvedAfter ?? 0) >= 2 * stepMs, `sleep resolved early: ${resolvedAfter}`);
    });

    test('now moves forward by the time that passes', async () => {
      const { clock, advance, stepMs } = make();
      const start = clock.now();
      await advance(2 * stepMs);
      const later = clock.now();
      assert.ok(later - start >= 2 * stepMs, `only ${later - start} ms passed`);
      assert.ok(clock.now() >= later);
    });
  });
}
