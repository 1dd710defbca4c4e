import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createVirtualClock } from '#src/platform/clock/index';
import { createPacer } from './pacer';

test('spaces requests under the per-second and per-minute ceilings (reference §1.8)', async () => {
  const clock = createVirtualClock(Date.UTC(2026, 11, 1, 4));
  const pacer = createPacer({ clock, perSecond: 8, perMinute: 20 });
  const sentAt: number[] = [];
  const all = Array.from({ length: 25 }, () => pacer.acquire().then(() => sentAt.push(clock.now())));
  for (let i = 0; i < 700 && sentAt.length < 25; i++) await clock.advanceBy(100);
  await Promise.all(all);
  const t0 = sentAt[0] ?? 0;
  for (const t of sentAt) {
    assert.ok(sentAt.filter((u) => u > t - 1000 && u <= t).length <= 8, 'at most 8 in any second');
    assert.ok(sentAt.filter((u) => u > t - 60_000 && u <= t).length <= 20, 'at most 20 in any minute');
  }
  assert.equal(sentAt.filter((t) => t < t0 + 1000).length, 8, 'the first second is used fully');
  assert.ok((sentAt[20] ?? 0) >= t0 + 60_000, 'the 21st waits for the minute window');
});
