/**
 * The one behaviour suite every Bus implementation passes (memory-bus.test.ts, redis-bus.test.ts). It is longer
 * than our 250-line guide because it is a single port's whole contract, grouped by area below; splitting it
 * would scatter one specification over several files.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Bus, Json, StreamEntry } from './bus';

/** A fresh bus for one test, and how to dispose of it (close it, delete what it wrote). */
export interface BusFixture {
  readonly bus: Bus;
  cleanup(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, isDone: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isDone())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(5);
  }
}

function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Publishes a marker after the messages under test; once it arrives, every earlier message has too. */
async function flushChannel(bus: Bus): Promise<void> {
  const arrived = gate();
  const sub = await bus.subscribe('contract.flush', () => arrived.open());
  await bus.publish('contract.flush', null);
  await arrived.promise;
  await sub.unsubscribe();
}

function pubSubTests(bus: () => Bus): void {
  test('delivers to a pattern subscription only the channels that match it', async () => {
    const ticks: string[] = [];
    const literal: string[] = [];
    await bus().subscribe('t.tick.*', (m, channel) => ticks.push(`${channel}=${JSON.stringify(m)}`));
    // Only `*` is a wildcard: Redis's own `?` and `[...]` must be taken literally.
    await bus().subscribe('t.q?[1]*', (_m, channel) => literal.push(channel));
    for (const channel of ['t.tick.NSE:NIFTY', 't.other.NSE:NIFTY', 't.tickX', 't.qa[1]x', 't.q?1x', 't.q?[1]x']) {
      await bus().publish(channel, { ltp: 1 });
    }
    await flushChannel(bus());
    assert.deepEqual(ticks, ['t.tick.NSE:NIFTY={"ltp":1}']);
    assert.deepEqual(literal, ['t.q?[1]x']);
  });

  test('delivers asynchronously, never inside publish, with JSON values intact', async () => {
    const got: Json[] = [];
    await bus().subscribe('t.async', (m) => got.push(m));
    const message: Json = { price: 2_450_005, side: 'BUY', legs: [1, null, true, 'ग'], nested: { ok: false } };
    const published = bus().publish('t.async', message);
    assert.equal(got.length, 0, 'a handler ran synchronously inside publish');
    await published;
    await waitFor('the message', () => got.length === 1);
    assert.deepEqual(got, [message]);
  });

  test('keeps the order of a batch on each channel', async () => {
    const got = new Map<string, number[]>();
    await bus().subscribe('t.batch.*', (m, channel) => got.set(channel, [...(got.get(channel) ?? []), Number(m)]));
    const items = Array.from({ length: 60 }, (_, i) => ({ channel: `t.batch.${i % 3}`, message: i }));
    await bus().publishBatch(items);
    await waitFor('60 messages', () => [...got.values()].flat().length === 60);
    for (const k of [0, 1, 2]) {
      const expected = items.filter((it) => it.channel === `t.batch.${k}`).map((it) => it.message);
      assert.deepEqual(got.get(`t.batch.${k}`), expected);
    }
  });

  test('publishRows stores every row in the hash before subscribers hear the table, the last row of a key winning', async () => {
    const heard: Array<{ table: Json; stored: string | undefined }> = [];
    await bus().subscribe('t.rows', (m) => {
      // What a subscriber reads from the hash on hearing the table must already be the table's value.
      void bus()
        .hget('t:rows', 'NFO:X:2')
        .then((stored) => heard.push({ table: m, stored }));
    });
    // 2,500 rows: more than one HSET's worth of fields (1,000) on the Redis bus; key 2 appears twice.
    const rows: (string | number)[] = [];
    for (let i = 0; i < 2_500; i++) rows.push(`NFO:X:${i}`, 100 + i, 99 + i, 101 + i, i * 10, 1_764_133_200_000 + i);
    rows.push('NFO:X:2', 7, 6, 8, 90, 1_764_133_300_000);
    await bus().publishRows('t.rows', 't:rows', 6, rows);
    await waitFor('the table', () => heard.length === 1);
    assert.deepEqual(heard[0]?.table, rows, 'the table arrives as published');
    assert.equal(heard[0]?.stored, '7,6,8,90,1764133300000');
    const all = await bus().hgetall('t:rows');
    assert.equal(Object.keys(all).length, 2_500);
    assert.equal(all['NFO:X:0'], '100,99,101,0,1764133200000');
    assert.equal(all['NFO:X:2499'], '2599,2598,2600,24990,1764133202499');
    await bus().publishRows('t.rows', 't:rows', 6, []);
    await flushChannel(bus());
    assert.equal(heard.length, 1, 'an empty table is neither stored nor published');
    await assert.rejects(bus().publishRows('t.rows', 't:rows', 1, ['NFO:X:1']), RangeError);
  });

  test('stops delivering to a subscription once unsubscribed, and only to that one', async () => {
    const first: Json[] = [];
    const second: Json[] = [];
    const sub = await bus().subscribe('t.unsub', (m) => first.push(m));
    await bus().subscribe('t.unsub', (m) => second.push(m));
    await bus().publish('t.unsub', 'a');
    await waitFor('the first message', () => first.length === 1 && second.length === 1);
    await sub.unsubscribe();
    await bus().publish('t.unsub', 'b');
    await flushChannel(bus());
    assert.deepEqual(first, ['a']);
    assert.deepEqual(second, ['a', 'b']);
  });
}

function groupTests(bus: () => Bus): void {
  test('shares a group between two consumers, each entry handled once by exactly one of them', async () => {
    const ids = await bus().appendMany(
      's.shared',
      Array.from({ length: 20 }, (_, n) => ({ n })),
    );
    assert.equal(new Set(ids).size, 20);
    const handled: { consumer: string; entry: StreamEntry }[] = [];
    for (const consumer of ['c1', 'c2']) {
      await bus().consume('s.shared', { group: 'g', consumer, batch: 2, concurrency: 2 }, async (entry) => {
        handled.push({ consumer, entry });
        await delay(10);
      });
    }
    await waitFor(
      '20 entries acknowledged',
      async () => (await bus().pendingCount('s.shared', 'g')) === 0 && handled.length >= 20,
    );
    await delay(100);
    assert.deepEqual(handled.map((h) => h.entry.id).sort(), [...ids].sort());
    assert.deepEqual(new Set(handled.map((h) => h.consumer)), new Set(['c1', 'c2']));
    assert.ok(handled.every((h) => h.entry.deliveries === 1));
  });

  test('gives every group every entry, in order, including entries appended before it started', async () => {
    await bus().appendMany('s.groups', [0, 1, 2, 3, 4]);
    const seen = new Map<string, Json[]>([
      ['g1', []],
      ['g2', []],
    ]);
    for (const [group, list] of seen) {
      await bus().consume('s.groups', { group, consumer: 'c', concurrency: 1 }, async (e) => void list.push(e.message));
    }
    await bus().appendMany('s.groups', [5, 6, 7, 8, 9]);
    await waitFor('both groups to see 10 entries', () => [...seen.values()].every((l) => l.length === 10));
    assert.deepEqual(seen.get('g1'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(seen.get('g2'), seen.get('g1'));
  });

  test('wakes a waiting consumer on append, without waiting out its block time', async () => {
    const got: number[] = [];
    const consumer = await bus().consume('s.wake', { group: 'g', consumer: 'c', blockMs: 10_000 }, async () => {
      got.push(Date.now());
    });
    await delay(50);
    const appendedAt = Date.now();
    await bus().append('s.wake', 'x');
    await waitFor('the entry', () => got.length === 1);
    assert.ok((got[0] ?? Infinity) - appendedAt < 5_000, 'the consumer waited for its block time to expire');
    await consumer.stop();
  });
}

/** The second half of the dead-consumer test: another consumer reclaims the entry the dead one holds. */
async function reclaimFromDeadConsumer(bus: Bus, heldAt: () => number): Promise<void> {
  const id = await bus.append('s.dead', { order: 'B7' });
  await waitFor('the dead consumer to take the entry', () => heldAt() > 0);
  const got: { entry: StreamEntry; at: number }[] = [];
  const opts = { group: 'g', consumer: 'alive', reclaimIdleMs: 250 };
  await bus.consume('s.dead', opts, async (entry) => void got.push({ entry, at: Date.now() }));
  await waitFor('the reclaim', () => got.length === 1);
  assert.deepEqual(got[0]?.entry, { id, message: { order: 'B7' }, deliveries: 2 });
  assert.ok((got[0]?.at ?? 0) - heldAt() >= 200, 'reclaimed an entry that was not idle yet');
  await waitFor('the acknowledgement', async () => (await bus.pendingCount('s.dead', 'g')) === 0);
  await delay(300);
  assert.equal(got.length, 1, 'the reclaimed entry was delivered again after its acknowledgement');
}

function failureTests(bus: () => Bus): void {
  test('redelivers an entry whose handler threw, after reclaimIdleMs, with deliveries 2', async () => {
    const attempts: { entry: StreamEntry; at: number }[] = [];
    const opts = { group: 'g', consumer: 'c', reclaimIdleMs: 200, concurrency: 1 };
    await bus().consume('s.retry', opts, async (entry) => {
      attempts.push({ entry, at: Date.now() });
      if (attempts.length === 1) throw new Error('contract: first attempt fails');
    });
    const id = await bus().append('s.retry', { order: 'A1' });
    await waitFor('the first attempt', () => attempts.length === 1);
    await delay(20);
    assert.equal(await bus().pendingCount('s.retry', 'g'), 1, 'a failed entry must stay pending');
    await waitFor('the redelivery', () => attempts.length === 2);
    await waitFor('the acknowledgement', async () => (await bus().pendingCount('s.retry', 'g')) === 0);
    const [first, second] = attempts;
    assert.deepEqual([first?.entry.id, second?.entry.id], [id, id]);
    assert.deepEqual([first?.entry.deliveries, second?.entry.deliveries], [1, 2]);
    assert.deepEqual(second?.entry.message, { order: 'A1' });
    assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 150, 'redelivered before the entry was idle');
  });

  test('reclaims the entry of a consumer that died holding it, once idle for reclaimIdleMs', async () => {
    const release = gate();
    let heldAt = 0;
    const dead = await bus().consume('s.dead', { group: 'g', consumer: 'dead', reclaimIdleMs: 60_000 }, async () => {
      heldAt = Date.now();
      await release.promise;
      throw new Error('contract: the dead consumer never acknowledges');
    });
    // A failed assertion must still free the held handler, or closing the bus would wait for it forever.
    try {
      await reclaimFromDeadConsumer(bus(), () => heldAt);
    } finally {
      release.open();
    }
    await dead.stop();
  });

  test('a consumer goes on consuming after its stream is deleted under it', async () => {
    const got: Json[] = [];
    const opts = { group: 'g', consumer: 'c', blockMs: 100 };
    await bus().consume('s.deleted', opts, async (e) => void got.push(e.message));
    await bus().append('s.deleted', 'before');
    await waitFor('the first entry', () => got.length === 1);
    await bus().del('s.deleted');
    await delay(300);
    await bus().append('s.deleted', 'after');
    await waitFor('the entry appended after the delete', () => got.length === 2);
    assert.deepEqual(got, ['before', 'after']);
  });

  test('stop waits for in-flight handlers, acknowledges them, and reads nothing after', async () => {
    const started = gate();
    const finished: Json[] = [];
    const consumer = await bus().consume('s.drain', { group: 'g', consumer: 'c', blockMs: 100 }, async (e) => {
      started.open();
      await delay(150);
      finished.push(e.message);
    });
    await bus().append('s.drain', 1);
    await started.promise;
    assert.equal(consumer.inFlight(), 1);
    await consumer.stop();
    assert.deepEqual(finished, [1], 'stop returned before the handler finished');
    assert.equal(consumer.inFlight(), 0);
    assert.equal(await bus().pendingCount('s.drain', 'g'), 0);
    await bus().append('s.drain', 2);
    await delay(150);
    assert.deepEqual(finished, [1]);
    assert.equal(await bus().streamLength('s.drain'), 2);
  });

  test('never runs more handlers at once than the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    await bus().consume('s.limit', { group: 'g', consumer: 'c', concurrency: 3, batch: 10 }, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await delay(20);
      running -= 1;
      done += 1;
    });
    await bus().appendMany(
      's.limit',
      Array.from({ length: 12 }, (_, i) => i),
    );
    await waitFor('12 entries', () => done === 12);
    assert.equal(peak, 3);
  });

  test('counts pending entries per group and entries per stream', async () => {
    assert.equal(await bus().pendingCount('s.count', 'g'), 0);
    assert.equal(await bus().streamLength('s.count'), 0);
    await bus().appendMany('s.count', ['a', 'b', 'c']);
    assert.equal(await bus().streamLength('s.count'), 3);
    const release = gate();
    let started = 0;
    await bus().consume('s.count', { group: 'g', consumer: 'c' }, async () => {
      started += 1;
      await release.promise;
    });
    try {
      await waitFor('3 handlers', () => started === 3);
      assert.equal(await bus().pendingCount('s.count', 'g'), 3);
      assert.equal(await bus().pendingCount('s.count', 'other'), 0);
    } finally {
      release.open();
    }
    await waitFor('no pending entries', async () => (await bus().pendingCount('s.count', 'g')) === 0);
    assert.equal(await bus().streamLength('s.count'), 3, 'acknowledged entries stay in the stream');
  });
}

function keyValueTests(bus: () => Bus): void {
  test('setIfAbsent sets once, refuses while the key lives, and sets again after its TTL', async () => {
    assert.equal(await bus().setIfAbsent('idem:1', 'first', 150), true);
    assert.equal(await bus().setIfAbsent('idem:1', 'second', 150), false);
    assert.equal(await bus().get('idem:1'), 'first');
    await delay(250);
    assert.equal(await bus().setIfAbsent('idem:1', 'third', 150), true);
    assert.equal(await bus().get('idem:1'), 'third');
  });

  test('gets, sets, overwrites and deletes values, expiring those with a TTL', async () => {
    assert.equal(await bus().get('kv:none'), undefined);
    await bus().set('kv:keep', 'v1');
    await bus().set('kv:keep', 'v2');
    await bus().set('kv:brief', 'w', 150);
    assert.equal(await bus().get('kv:brief'), 'w');
    await delay(250);
    assert.equal(await bus().get('kv:brief'), undefined);
    assert.equal(await bus().get('kv:keep'), 'v2');
    await bus().del('kv:keep');
    assert.equal(await bus().get('kv:keep'), undefined);
  });

  test('incr accumulates and expires a TTL after creation, which later increments do not extend', async () => {
    assert.equal(await bus().incr('rl:bucket', 2, 400), 2);
    assert.equal(await bus().incr('rl:bucket', 3, 400), 5);
    assert.equal(await bus().get('rl:bucket'), '5');
    await delay(200);
    assert.equal(await bus().incr('rl:bucket', 1, 400), 6);
    await delay(250);
    assert.equal(await bus().get('rl:bucket'), undefined, 'the TTL was extended by a later incr');
    assert.equal(await bus().incr('rl:bucket', 4, 400), 4);
  });

  test('sets and reads hash fields, one hash or many at a time', async () => {
    assert.equal(await bus().hget('ltp:X', 'ltp'), undefined);
    assert.deepEqual(await bus().hgetall('ltp:X'), {});
    await bus().hset('ltp:X', { ltp: '100', ts: '1' });
    await bus().hset('ltp:X', { ltp: '105' });
    assert.equal(await bus().hget('ltp:X', 'ltp'), '105');
    assert.deepEqual(await bus().hgetall('ltp:X'), { ltp: '105', ts: '1' });
    await bus().hsetMany([
      ['ltp:A', { ltp: '1' }],
      ['ltp:B', { ltp: '2' }],
      ['ltp:A', { bid: '0' }],
    ]);
    assert.deepEqual(await bus().hgetall('ltp:A'), { ltp: '1', bid: '0' });
    assert.deepEqual(await bus().hgetall('ltp:B'), { ltp: '2' });
  });

  test('lists the live keys matching a glob', async () => {
    for (const key of ['hb:exec:1', 'hb:feed:1', 'k?1', 'ka1']) await bus().set(key, 'x');
    await bus().set('hb:exec:2', 'x', 10_000);
    await bus().set('hb:exec:3', 'x', 50);
    await bus().hset('hb:ltp', { a: '1' });
    await delay(150);
    assert.deepEqual((await bus().keys('hb:exec:*')).sort(), ['hb:exec:1', 'hb:exec:2']);
    assert.deepEqual((await bus().keys('hb:*')).sort(), ['hb:exec:1', 'hb:exec:2', 'hb:feed:1', 'hb:ltp']);
    assert.deepEqual(await bus().keys('k?*'), ['k?1']);
    assert.deepEqual(await bus().keys('none:*'), []);
  });
}

/** A load sanity check with no timing assertion: a burst arrives whole, in order, once. */
function burstTests(bus: () => Bus): void {
  test('carries a burst of 2,000 batched ticks and 500 stream entries without loss or duplication', async () => {
    const ticks: number[] = [];
    await bus().subscribe('burst.*', (m) => void ticks.push(Number(m)));
    for (let start = 0; start < 2_000; start += 200) {
      await bus().publishBatch(Array.from({ length: 200 }, (_, i) => ({ channel: 'burst.t', message: start + i })));
    }
    const entries: number[] = [];
    for (const consumer of ['a', 'b']) {
      await bus().consume('s.burst', { group: 'g', consumer }, async (e) => void entries.push(Number(e.message)));
    }
    await bus().appendMany(
      's.burst',
      Array.from({ length: 500 }, (_, i) => i),
    );
    await waitFor('2,000 ticks and 500 entries', () => ticks.length === 2_000 && entries.length >= 500, 20_000);
    assert.deepEqual(
      ticks,
      Array.from({ length: 2_000 }, (_, i) => i),
    );
    assert.deepEqual(
      [...entries].sort((x, y) => x - y),
      Array.from({ length: 500 }, (_, i) => i),
    );
  });
}

/**
 * Registers the Bus contract for one implementation. `make` is called before each test and its `cleanup`
 * after it; `skip` (a reason) skips the whole suite, e.g. when Redis is not running on a developer's machine.
 */
export function describeBusContract(
  name: string,
  make: () => Promise<BusFixture>,
  options: { readonly skip?: string | false } = {},
): void {
  describe(`${name} passes the Bus contract`, { skip: options.skip ?? false }, () => {
    let fixture: BusFixture | undefined;
    const bus = (): Bus => {
      if (!fixture) throw new Error('no bus: make() failed');
      return fixture.bus;
    };
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });
    describe('pub/sub', () => pubSubTests(bus));
    describe('consumer groups', () => groupTests(bus));
    describe('failures, reclaim, drain and limits', () => failureTests(bus));
    describe('key-value', () => keyValueTests(bus));
    describe('burst', () => burstTests(bus));
  });
}
