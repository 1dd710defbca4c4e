import assert from 'node:assert/strict';
import { test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createDemandRegistry, demandMessageSchema, loadMarketReference } from '#src/market';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { startDemandPublisher } from './demand';
import { createLegResolver } from './leg-resolver';

const NIFTY = 'NSE_INDEX:NIFTY' as InstrumentId;
const TRADE = 'NFO:NIFTY:2026-12-08:CE:24000' as InstrumentId;
const log = createLogger({ level: 'silent' });
const settle = () => new Promise((r) => setImmediate(r));

test("a strategy's demand reaches the feed's ref-counted registry, is renewed, and is released when its trade closes", async () => {
  const bus = createMemoryBus();
  const clock = createVirtualClock(istInstant('2026-12-01', '10:00'));
  const changes: Array<{ added: string[]; removed: string[] }> = [];
  const registry = createDemandRegistry({
    base: [NIFTY],
    leaseMs: 30_000,
    onChange: (added, removed) => changes.push({ added, removed }),
  });
  const messages: unknown[] = [];
  await bus.subscribe(CHANNELS.demand, (m) => {
    messages.push(m);
    const msg = demandMessageSchema.parse(m);
    registry.declare(msg.owner, msg.ids as InstrumentId[], clock.now());
  });
  let needs: string[] = [NIFTY, TRADE];
  const publisher = await startDemandPublisher({
    bus,
    clock,
    log,
    owner: 'strategy:test',
    needs: async () => needs,
    renewMs: 10_000,
  });
  try {
    await settle();
    assert.equal(registry.refCount(TRADE), 1, 'the open trade is quoted');
    assert.equal(registry.refCount(NIFTY), 2, 'the index: base set and the strategy');
    assert.deepEqual(changes, [{ added: [TRADE], removed: [] }]);

    await publisher.update();
    await settle();
    assert.equal(messages.length, 1, 'an unchanged need is not re-sent before the renewal');

    // Renewed within the lease, so the need outlives 30 s of the feed's sweeps.
    for (let s = 0; s < 4; s++) {
      await clock.advanceBy(10_000);
      await settle();
      registry.sweep(clock.now());
    }
    assert.ok(messages.length >= 4, `renewed ${messages.length - 1} times`);
    assert.equal(registry.refCount(TRADE), 1);

    needs = [NIFTY]; // the trade closed
    await publisher.update();
    await settle();
    assert.equal(registry.refCount(TRADE), 0, "a closed trade's contract is released");
    assert.deepEqual(changes.at(-1), { added: [], removed: [TRADE] });

    needs = [NIFTY, TRADE];
    await publisher.update();
    await publisher.stop();
    await settle();
    assert.deepEqual(messages.at(-1), { owner: 'strategy:test', ids: [] }, 'stop releases the whole need');
    assert.equal(registry.refCount(TRADE), 0);
    assert.equal(registry.refCount(NIFTY), 1, 'the base set stays');
  } finally {
    await publisher.stop();
    await bus.close();
  }
});

test('candidate strikes: the index and calls and puts either side of spot on the nearest expiry', async () => {
  const { calendar, specs } = loadMarketReference();
  const spot: Tick = {
    id: NIFTY,
    ltp: 2_401_000 as Paise,
    bid: 2_401_000 as Paise,
    ask: 2_401_000 as Paise,
    volume: 0,
    ts: 0,
  };
  const legs = createLegResolver({
    calendar,
    specs,
    quotes: async (ids) => new Map(ids.filter((id) => id === NIFTY).map((id) => [id, spot])),
  });
  const now = istInstant('2026-12-01', '10:00');
  const ids = await legs.candidates('NIFTY', now, 2);
  assert.equal(ids[0], NIFTY);
  const options = ids.slice(1);
  const strikes = [...new Set(options.map((id) => Number(id.split(':').at(-1))))].sort((a, b) => a - b);
  assert.deepEqual(strikes, [23_900, 23_950, 24_000, 24_050, 24_100]);
  assert.ok(options.some((id) => id.includes(':CE:')) && options.some((id) => id.includes(':PE:')));
  const expiries = new Set(options.map((id) => id.split(':')[2]));
  assert.ok(expiries.size >= 1 && expiries.size <= 2, [...expiries].join());
  assert.equal(options.length, expiries.size * 2 * 5);

  const noSpot = createLegResolver({ calendar, specs, quotes: async () => new Map() });
  assert.deepEqual(await noSpot.candidates('NIFTY', now), [NIFTY], 'without a spot only the index');
});
