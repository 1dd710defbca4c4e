import assert from 'node:assert/strict';
import { test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import { loadMarketReference, readSyncStatus } from '#src/market';
import { createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { openStore } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { startMarketJobs } from './market-jobs';

test('syncs the instrument master at start and again after 08:30 IST of the next day, once', async () => {
  const store = await openStore({ kind: 'pglite', dataDir: undefined });
  const bus = createMemoryBus();
  const clock = createVirtualClock(istInstant('2026-12-03', '07:00'));
  const { specs, calendar } = loadMarketReference();
  const log = createLogger({ level: 'silent' });
  const jobs = await startMarketJobs({ db: store.db, bus, clock, log, specs, calendar, checkEveryMs: 10 });
  try {
    const attemptsOf = async () => new Set((await readSyncStatus(store.db)).map((s) => s.lastSuccessAt));
    const atStart = await attemptsOf();
    assert.equal(atStart.size, 1, 'one sync at start');
    await clock.advanceTo(istInstant('2026-12-04', '08:00'));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await attemptsOf(), atStart, 'not before 08:30');
    await clock.advanceTo(istInstant('2026-12-04', '08:31'));
    await new Promise((r) => setTimeout(r, 300));
    const after = await readSyncStatus(store.db);
    assert.ok(
      after.every((s) => s.lastSuccessAt === istInstant('2026-12-04', '08:31')),
      'every segment synced on the new day',
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await readSyncStatus(store.db), after, 'and only once that day');
  } finally {
    await jobs.stop();
    await bus.close();
    await store.close();
  }
});
