import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryBus } from '#src/platform/bus';
import { createRateLimiter } from './rate-limiter';

test('orders over a window limit wait for the next window instead of being rejected', async () => {
  const bus = createMemoryBus();
  let now = 10_000;
  const sleeps: number[] = [];
  const limiter = createRateLimiter({
    bus,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  const scope = { key: 'seg:acct:NFO', limits: { perSecond: 10 } };
  const sentAt: number[] = [];
  for (let i = 0; i < 25; i++) {
    await limiter.acquire([scope]);
    sentAt.push(now);
  }
  const perSecond = new Map<number, number>();
  for (const t of sentAt) perSecond.set(Math.floor(t / 1_000), (perSecond.get(Math.floor(t / 1_000)) ?? 0) + 1);
  assert.deepEqual([...perSecond.values()], [10, 10, 5]);
  assert.equal(sleeps.length, 2);
  await bus.close();
});
