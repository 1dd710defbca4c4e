import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createVirtualClock, type VirtualClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import { createLiveCandles } from '../candles/live-candles';
import { createLtpCache, decodeTickBatch, encodeTickBatch } from '../ltp-cache';
import { loadMarketReference } from '../reference-data';
import { createFeed } from './feed';
import type { FeedHealth } from './feed-health';
import type { FeedSource } from './feed-source';

const { calendar } = loadMarketReference();
const NIFTY = 'NSE_INDEX:NIFTY' as InstrumentId;
const OPTION = 'NFO:NIFTY:2026-12-08:CE:24000' as InstrumentId;

/** A source driven by the test: `push` is the exchange sending, silence is a stall. */
function manualSource(clock: VirtualClock) {
  let emit: (ticks: Tick[]) => void = () => {};
  const subscribed: InstrumentId[][] = [];
  let restarts = 0;
  const source: FeedSource = {
    name: 'manual',
    segments: ['NFO', 'NSE_INDEX'],
    async start(onTicks) {
      emit = onTicks;
    },
    async stop() {},
    subscribe: (ids) => subscribed.push([...ids]),
    restart: async () => {
      restarts++;
    },
  };
  const tick = (id: InstrumentId, rupees: number): Tick => {
    const p = (rupees * 100) as Paise;
    return { id, ltp: p, bid: p, ask: p, volume: 0, ts: clock.now() };
  };
  return { source, push: (...ticks: Tick[]) => emit(ticks), tick, subscribed, restarts: () => restarts };
}

async function setup(startIst = '10:00', maxWritesInFlight?: number) {
  const clock = createVirtualClock(istInstant('2026-12-01', startIst));
  const bus = createMemoryBus();
  const m = manualSource(clock);
  const health: FeedHealth[] = [];
  await bus.subscribe(CHANNELS.feedHealth, (msg) => health.push(msg as unknown as FeedHealth));
  const feed = await createFeed({
    source: m.source,
    bus,
    clock,
    ltpCache: createLtpCache(bus),
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    calendar,
    instance: 'test',
    stallMs: 3_000,
    baseInstruments: [NIFTY],
    maxWritesInFlight,
  });
  return { clock, bus, feed, health, ...m };
}

describe('feed pipeline', () => {
  const stops: Array<() => Promise<void>> = [];
  after(async () => {
    for (const s of stops) await s();
  });

  for (const inFlight of [1, 2]) {
    test(`writes the LTP cache and publishes one batch per write, coalescing to the latest tick while ${inFlight} write(s) are in flight`, async () => {
      const { clock, bus, feed, push, tick } = await setup('10:00', inFlight);
      stops.push(() => feed.stop());
      const published: Tick[][] = [];
      await bus.subscribe(CHANNELS.ticks, (m) => published.push(decodeTickBatch(m)));
      push(tick(NIFTY, 24_000));
      push(tick(NIFTY, 24_001), tick(OPTION, 120));
      push(tick(NIFTY, 24_002));
      push(tick(NIFTY, 24_003));
      await feed.drain();
      await clock.advanceBy(0);
      assert.equal((await createLtpCache(bus).read(NIFTY))?.ltp, 2_400_300);
      assert.equal((await createLtpCache(bus).read(OPTION))?.ltp, 12_000);
      const nifty = published.flat().filter((t) => t.id === NIFTY);
      assert.equal(nifty.at(-1)?.ltp, 2_400_300);
      assert.deepEqual(
        nifty.map((t) => t.ltp),
        [...nifty.map((t) => t.ltp)].sort((a, b) => a - b),
        'published in order',
      );
      assert.equal(published.length, inFlight + 1, `four source batches became ${published.length} publishes`);
    });
  }

  test('the LTP cache reads many instruments and ignores unknown ones', async () => {
    const bus = createMemoryBus();
    const cache = createLtpCache(bus);
    const t = (id: InstrumentId, p: number, ts: number): Tick => ({
      id,
      ltp: p as Paise,
      bid: (p - 5) as Paise,
      ask: (p + 5) as Paise,
      volume: 7,
      ts,
    });
    await cache.publish([t(NIFTY, 2_400_000, 1), t(OPTION, 12_000, 2)]);
    await cache.publish([t(OPTION, 12_100, 3)]);
    const many = await cache.readMany([NIFTY, OPTION, 'NFO:NIFTY:2026-12-08:PE:1' as InstrumentId]);
    assert.deepEqual([...many.keys()], [NIFTY, OPTION]);
    assert.deepEqual(many.get(OPTION), t(OPTION, 12_100, 3));
    assert.deepEqual(await cache.read(NIFTY), t(NIFTY, 2_400_000, 1));
    await bus.close();
  });

  test('a published tick batch decodes to the ticks that were encoded, skipping malformed rows', () => {
    const ticks: Tick[] = [
      { id: NIFTY, ltp: 2_400_000 as Paise, bid: 2_399_995 as Paise, ask: 2_400_005 as Paise, volume: 0, ts: 1 },
      { id: OPTION, ltp: 12_000 as Paise, bid: 11_995 as Paise, ask: 12_005 as Paise, volume: 1_500, ts: 2 },
    ];
    const rows = encodeTickBatch(ticks);
    assert.deepEqual(decodeTickBatch(JSON.parse(JSON.stringify(rows))), ticks);
    assert.deepEqual(decodeTickBatch([...rows, 'NFO:X', 1, 2]), ticks, 'a short last row is dropped');
    assert.deepEqual(decodeTickBatch([NIFTY, '1', 2, 3, 4, 5, ...rows]), ticks, 'a row with a text price is dropped');
    assert.deepEqual(decodeTickBatch({ ticks: rows }), [], 'not a batch');
  });

  test('a stalled source raises stale flags within the threshold and clears them on recovery', async () => {
    const { clock, feed, health, push, tick, restarts } = await setup();
    stops.push(() => feed.stop());
    for (let i = 0; i < 3; i++) {
      push(tick(NIFTY, 24_000 + i), tick(OPTION, 120));
      await clock.advanceBy(1_000);
    }
    // Last tick was 1 s ago. NSE_INDEX threshold is 5 s, NFO 10 s.
    await clock.advanceBy(3_000);
    assert.equal(feed.isStale(NIFTY), false, 'not stale 4 s after its last tick');
    await clock.advanceBy(2_100);
    assert.equal(feed.isStale(NIFTY), true, 'stale once 5 s have passed');
    assert.equal(feed.isStale(OPTION), false, 'the option has a 10 s threshold');
    assert.ok(restarts() >= 1, 'the stall watchdog restarted the source');
    const stalled = health.at(-1);
    assert.equal(stalled?.state, 'STALLED');
    assert.deepEqual(
      stalled?.stale.map((s) => s.id),
      [NIFTY],
    );
    assert.ok((stalled?.stale[0]?.ageMs ?? 0) >= 5_000);
    assert.ok((feed.lastTickAgeMs(NIFTY) ?? 0) >= 6_000);

    push(tick(NIFTY, 24_010), tick(OPTION, 121));
    assert.equal(feed.isStale(NIFTY), false, 'a fresh tick clears the flag at once');
    await clock.advanceBy(1_000);
    const recovered = health.at(-1);
    assert.equal(recovered?.state, 'LIVE');
    assert.equal(recovered?.staleCount, 0);
  });

  test('nothing is stale while the session is closed', async () => {
    const { clock, feed, push, tick } = await setup('15:35');
    stops.push(() => feed.stop());
    push(tick(NIFTY, 24_000));
    await clock.advanceBy(10 * 60_000); // past the 15:40 close
    assert.equal(feed.isStale(NIFTY), false);
    assert.equal(feed.health().state, 'CLOSED');
  });

  test('subscriptions follow demand, ref-counted across owners, and expire with the lease', async () => {
    const { clock, bus, feed, subscribed } = await setup();
    stops.push(() => feed.stop());
    assert.deepEqual(subscribed[0], [NIFTY], 'the base set is subscribed at start');
    await bus.publish(CHANNELS.demand, { owner: 'api:1', ids: [OPTION, NIFTY] });
    await bus.publish(CHANNELS.demand, { owner: 'api:2', ids: [OPTION] });
    assert.equal(feed.demand.refCount(OPTION), 2);
    assert.equal(feed.demand.refCount(NIFTY), 2);
    await bus.publish(CHANNELS.demand, { owner: 'api:1', ids: [] });
    assert.equal(feed.demand.refCount(OPTION), 1);
    await clock.advanceBy(31_000);
    assert.equal(feed.demand.refCount(OPTION), 0, "a silent owner's need expires");
    assert.equal(feed.demand.refCount(NIFTY), 1, 'the base set stays');
  });

  test("shares the candle builder's in-progress bars through the bus about once a second", async () => {
    const { clock, bus, feed, push, tick } = await setup();
    stops.push(() => feed.stop());
    const live = createLiveCandles(bus);
    for (const [rupees, ms] of [
      [24_000, 0],
      [24_010, 200],
      [23_990, 200],
      [24_005, 200],
    ] as const) {
      await clock.advanceBy(ms);
      push(tick(NIFTY, rupees));
    }
    assert.equal(await live.read(NIFTY, 1), undefined, 'not before the next housekeeping');
    await clock.advanceBy(1_000);
    const start = Math.floor(clock.now() / 60_000) * 60_000;
    const expected = {
      id: NIFTY,
      start,
      open: 2_400_000,
      high: 2_401_000,
      low: 2_399_000,
      close: 2_400_500,
      volume: 0,
    };
    assert.deepEqual(await live.read(NIFTY, 1), { ...expected, timeframeMin: 1 });
    assert.deepEqual(await live.read(NIFTY, 15), {
      ...expected,
      timeframeMin: 15,
      start: Math.floor(clock.now() / 900_000) * 900_000,
    });
  });

  test('drops malformed ticks (prices, instrument ids) and repairs rupee floats', async () => {
    const { bus, feed, push, tick } = await setup();
    stops.push(() => feed.stop());
    const badIds = ['NIFTY', 'nfo:X', 'NFO:X"Y', 'NFO:X\\Y', 'NFO:X Y', ':X'] as InstrumentId[];
    push(
      { ...tick(OPTION, 120), ltp: 12_000.4 as Paise, bid: 0 as Paise },
      { ...tick(NIFTY, 1), ltp: -5 as Paise },
      ...badIds.map((id) => ({ ...tick(OPTION, 130), id })),
    );
    await feed.drain();
    const cached = await createLtpCache(bus).read(OPTION);
    assert.equal(cached?.ltp, 12_000);
    assert.equal(cached?.bid, 12_000);
    assert.equal(feed.health().droppedTicks, 1 + badIds.length, 'a bad price and every malformed id are dropped');
  });
});
