import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { REDIS_URL, redisSkip, uniqueName } from '#test/support/services';
import { describeBusContract } from './bus.contract';
import { createRedisBus } from './index';

const skip = await redisSkip();

/** Deletes every key of a test namespace, so a run leaves the shared server as it found it. */
async function deleteNamespace(namespace: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  // Repeat until a full pass finds nothing, in case a key appeared while the previous pass ran.
  for (let pass = 0, deleted = 1; pass < 5 && deleted > 0; pass++) {
    deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  }
  await redis.quit();
}

function makeFixture() {
  const namespace = uniqueName('bus');
  const bus = createRedisBus({ url: REDIS_URL, namespace });
  return {
    namespace,
    bus,
    async cleanup() {
      await bus.close();
      await deleteNamespace(namespace);
    },
  };
}

describeBusContract('RedisBus', async () => makeFixture(), { skip });

describe('RedisBus on a real server', { skip }, () => {
  test('writes every key under its namespace and sees nothing of another namespace', async () => {
    const a = makeFixture();
    const b = makeFixture();
    const raw = new Redis(REDIS_URL);
    try {
      await a.bus.set('hb:x', '1');
      await a.bus.append('stream.x', { n: 1 });
      assert.equal(await raw.get(`${a.namespace}:hb:x`), '1');
      assert.equal(await raw.xlen(`${a.namespace}:stream.x`), 1);
      assert.equal(await b.bus.get('hb:x'), undefined);
      assert.deepEqual(await b.bus.keys('*'), []);
      assert.deepEqual(await a.bus.keys('*'), ['hb:x', 'stream.x']);
    } finally {
      await raw.quit();
      await a.cleanup();
      await b.cleanup();
    }
  });

  test('drops a PSUBSCRIBE when the last subscription to its pattern ends', async () => {
    const fixture = makeFixture();
    const raw = new Redis(REDIS_URL);
    const patternCount = async () => {
      const lines = String(await raw.client('LIST')).split('\n');
      const line = lines.find((l) => l.includes(` name=${fixture.namespace}:subscriber `)) ?? '';
      return Number(/\bpsub=(\d+)/.exec(line)?.[1]);
    };
    try {
      const a = await fixture.bus.subscribe('md.*', () => {});
      const b = await fixture.bus.subscribe('md.*', () => {});
      const c = await fixture.bus.subscribe('ev.*', () => {});
      assert.equal(await patternCount(), 2);
      await a.unsubscribe();
      assert.equal(await patternCount(), 2);
      await b.unsubscribe();
      await c.unsubscribe();
      assert.equal(await patternCount(), 0);
    } finally {
      await raw.quit();
      await fixture.cleanup();
    }
  });

  test('a consumer keeps consuming after its connection is killed', async () => {
    const fixture = makeFixture();
    const raw = new Redis(REDIS_URL);
    const got: string[] = [];
    try {
      const opts = { group: 'g', consumer: 'survivor', blockMs: 200 };
      await fixture.bus.consume('s.kill', opts, async (e) => void got.push(String(e.message)));
      await fixture.bus.append('s.kill', 'before');
      await waitFor(() => got.length === 1);
      const name = `${fixture.namespace}:s.kill:g:survivor`;
      const victims = String(await raw.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${name} `));
      assert.equal(victims.length, 1, 'the consumer has one reader connection');
      const id = /\bid=(\d+)/.exec(victims[0] ?? '')?.[1];
      assert.equal(await raw.client('KILL', 'ID', String(id)), 1);
      await fixture.bus.append('s.kill', 'after');
      await waitFor(() => got.length === 2);
      assert.deepEqual(got, ['before', 'after']);
    } finally {
      await raw.quit();
      await fixture.cleanup();
    }
  });
});

async function waitFor(isDone: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
