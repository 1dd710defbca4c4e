import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import { createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { openStore, type Store } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { addHoliday } from './holidays/holiday-store';
import { readSyncStatus } from './instrument-sync/master-store';
import { type MarketService, startMarketService } from './market-service';
import { loadMarketReference } from './reference-data';

describe('market service across processes sharing one store and bus', () => {
  const clock = createVirtualClock(istInstant('2026-11-26', '09:00'));
  const bus = createMemoryBus();
  const log = createLogger({ level: 'silent' });
  const { specs } = loadMarketReference();
  let store: Store;
  let a: MarketService;
  let b: MarketService;
  before(async () => {
    store = await openStore({ kind: 'pglite', dataDir: undefined });
    a = await startMarketService({ db: store.db, bus, clock, log, specs });
    b = await startMarketService({ db: store.db, bus, clock, log, specs });
  });
  after(async () => {
    await a.stop();
    await b.stop();
    await bus.close();
    await store.close();
  });

  test('the first start syncs the sim master once a day and both see the same catalog', async () => {
    const status = (await readSyncStatus(store.db)).filter((s) => s.source === 'sim-exchange');
    assert.ok(status.length > 0 && status.every((s) => s.lastSuccessAt === clock.now()));
    assert.deepEqual(
      b.catalog().expiries('NIFTY', '2026-11-26', 'OPT'),
      a.catalog().expiries('NIFTY', '2026-11-26', 'OPT'),
    );
    assert.equal(a.catalog().nearFuture('BANKNIFTY', '2026-11-26')?.instrumentId, 'NFO:BANKNIFTY:2026-12-29:FUT');
  });

  test('a holiday added in one process closes the day in the other after the change message', async () => {
    assert.equal(b.calendar.calendar().isTradingDay('NFO', '2026-11-27'), true);
    await addHoliday(
      store.db,
      { exchange: 'NSE', date: '2026-11-27', name: 'Test', closed: 'FULL' },
      { actorId: null, at: clock.now() },
    );
    await a.calendar.changed();
    for (let i = 0; i < 50 && b.calendar.calendar().isTradingDay('NFO', '2026-11-27'); i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(b.calendar.calendar().isTradingDay('NFO', '2026-11-27'), false);
    assert.equal(b.calendar.calendar().nextTradingDay('NFO', '2026-11-26'), '2026-11-30');
  });
});
