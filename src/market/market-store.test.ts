import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { verifyAuditChain } from '#src/accounts';
import { istInstant } from '#src/domain/calendar';
import { createVirtualClock } from '#src/platform/clock';
import { type Db, openStore, type Store, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { createTestDatabase, postgresSkip } from '#test/support/services';
import { loadHolidaySeed } from './holidays/calendar-service';
import { decideProposal, listProposals, proposeFromNseHolidayMaster } from './holidays/holiday-proposals';
import {
  addHoliday,
  listHolidays,
  readHolidayData,
  removeHoliday,
  seedHolidays,
  updateHoliday,
} from './holidays/holiday-store';
import { csvMasterSource } from './instrument-sync/csv-master-source';
import { readSyncStatus } from './instrument-sync/master-store';
import { syncInstrumentMaster } from './instrument-sync/sync-master';
import { MarketError } from './market-errors';

const FIXTURES = new URL('./instrument-sync/fixtures/', import.meta.url).pathname;
const NSE_MASTER = new URL('./holidays/fixtures/nse-holiday-master-trading.json', import.meta.url);
const log = createLogger({ level: 'silent' });
const seed = loadHolidaySeed();

const fixtureSource = (file: string, name = 'fixture') =>
  csvMasterSource({
    name,
    file: `${FIXTURES}${file}`,
    segments: ['NSE_INDEX', 'BSE_INDEX', 'NFO', 'BFO', 'MCX'],
    requiredUnderlyings: ['NIFTY', 'BANKNIFTY', 'SENSEX'],
  });

async function catalogDump(db: Db) {
  const rows = await db.select().from(tables.instruments).orderBy(asc(tables.instruments.instrumentId));
  const symbols = await db.select().from(tables.brokerSymbols).orderBy(asc(tables.brokerSymbols.instrumentId));
  return { rows, symbols };
}

const backends: Array<{
  name: string;
  skip: () => Promise<string | false>;
  open: () => Promise<Store & { drop?(): Promise<void> }>;
}> = [
  { name: 'PGlite', skip: async () => false, open: () => openStore({ kind: 'pglite', dataDir: undefined }) },
  {
    name: 'PostgreSQL',
    skip: postgresSkip,
    open: async () => {
      const tdb = await createTestDatabase('mynrobo_market');
      const store = await openStore({ kind: 'postgres', url: tdb.url });
      return { ...store, close: store.close, drop: tdb.drop };
    },
  },
];

for (const backend of backends) {
  describe(`market store on ${backend.name}`, { skip: await backend.skip() }, () => {
    let store: Store & { drop?(): Promise<void> };
    const clock = createVirtualClock(istInstant('2026-11-26', '08:00'));
    const admin = () => ({ actorId: 'admin-1', at: clock.now() });
    before(async () => {
      store = await backend.open();
    });
    after(async () => {
      await store.close();
      await store.drop?.();
    });

    test('seeds the calendar once and reads back exactly the seed', async () => {
      assert.equal(await seedHolidays(store.db, seed, clock.now()), true);
      assert.equal(await seedHolidays(store.db, seed, clock.now()), false);
      const data = await readHolidayData(store.db);
      assert.ok(data);
      assert.deepEqual(data.coverage, seed.coverage);
      const key = (h: { exchange: string; date: string }) => `${h.exchange}:${h.date}`;
      assert.deepEqual(data.holidays.map(key).sort(), seed.holidays.map(key).sort());
      const sessions = (d: typeof seed) => d.specialSessions.map((s) => `${s.date}:${[...s.exchanges].sort()}`).sort();
      assert.deepEqual(sessions(data), sessions(seed));
    });

    test('a re-seed never overwrites an admin edit', async () => {
      await removeHoliday(store.db, { exchange: 'NSE', date: '2026-12-25' }, admin());
      assert.equal(await seedHolidays(store.db, seed, clock.now()), false);
      const dec = await listHolidays(store.db, { exchange: 'NSE', from: '2026-12-01', to: '2026-12-31' });
      assert.deepEqual(dec, []);
      await addHoliday(store.db, { exchange: 'NSE', date: '2026-12-25', name: 'Christmas', closed: 'FULL' }, admin());
    });

    test('audits every holiday write in the hash chain and refuses a duplicate without auditing it', async () => {
      const before = await store.db.select().from(tables.auditLog);
      const h = { exchange: 'MCX', date: '2026-12-31', name: 'Year end', closed: 'EVENING' } as const;
      await addHoliday(store.db, h, admin());
      await assert.rejects(
        addHoliday(store.db, h, admin()),
        (e) => e instanceof MarketError && e.code === 'HOLIDAY_EXISTS',
      );
      const edited = await updateHoliday(store.db, h, { name: 'New Year Eve', closed: 'FULL' }, admin());
      assert.equal(edited.closed, 'FULL');
      await removeHoliday(store.db, h, admin());
      await assert.rejects(
        removeHoliday(store.db, h, admin()),
        (e) => e instanceof MarketError && e.code === 'HOLIDAY_NOT_FOUND',
      );
      const rows = await store.db.select().from(tables.auditLog).orderBy(asc(tables.auditLog.id));
      const added = rows.slice(before.length).map((r) => `${r.action} ${r.subject}`);
      assert.deepEqual(added, [
        'market.holiday.add MCX:2026-12-31',
        'market.holiday.update MCX:2026-12-31',
        'market.holiday.remove MCX:2026-12-31',
      ]);
      assert.equal((await verifyAuditChain(store.db)).ok, true);
    });

    test('the NSE holiday master that matches the store proposes nothing', async () => {
      const raw = JSON.parse(readFileSync(NSE_MASTER, 'utf8'));
      const result = await proposeFromNseHolidayMaster(store.db, raw, clock.now());
      assert.equal(result.feedHolidays, 16);
      assert.deepEqual(result.proposals, []);
    });

    test('proposes additions and removals, and deletes a holiday only when an admin confirms', async () => {
      const raw = JSON.parse(readFileSync(NSE_MASTER, 'utf8')) as { FO: Array<Record<string, unknown>> };
      raw.FO = raw.FO.filter((r) => r.tradingDate !== '03-Mar-2026');
      raw.FO.push({ tradingDate: '30-Dec-2026', description: 'Added holiday', weekDay: 'Wednesday' });
      const { proposals } = await proposeFromNseHolidayMaster(store.db, raw, clock.now());
      assert.deepEqual(proposals.map((p) => `${p.action} ${p.holiday.date}`).sort(), [
        'ADD 2026-12-30',
        'REMOVE 2026-03-03',
      ]);
      assert.equal((await listHolidays(store.db, { exchange: 'NSE', from: '2026-03-03', to: '2026-03-03' })).length, 1);
      const again = await proposeFromNseHolidayMaster(store.db, raw, clock.now());
      assert.deepEqual(again.proposals, [], 'a pending proposal is not proposed twice');

      const remove = proposals.find((p) => p.action === 'REMOVE');
      const add = proposals.find((p) => p.action === 'ADD');
      assert.ok(remove && add);
      assert.equal((await decideProposal(store.db, remove.id, 'CONFIRM', admin())).status, 'CONFIRMED');
      assert.equal((await listHolidays(store.db, { exchange: 'NSE', from: '2026-03-03', to: '2026-03-03' })).length, 0);
      await decideProposal(store.db, add.id, 'REJECT', admin());
      assert.equal((await listHolidays(store.db, { exchange: 'NSE', from: '2026-12-30', to: '2026-12-30' })).length, 0);
      await assert.rejects(
        decideProposal(store.db, add.id, 'CONFIRM', admin()),
        (e) => e instanceof MarketError && e.code === 'PROPOSAL_DECIDED',
      );
      assert.deepEqual(
        (await proposeFromNseHolidayMaster(store.db, raw, clock.now())).proposals,
        [],
        'a rejected change stays rejected',
      );
      assert.equal((await listProposals(store.db, 'PENDING')).length, 0);
      assert.equal((await verifyAuditChain(store.db)).ok, true);
    });

    test('swaps a good master in and records per-segment status', async () => {
      const result = await syncInstrumentMaster({ db: store.db, clock, log }, fixtureSource('master-full.csv'));
      assert.equal(result.ok, true);
      const dump = await catalogDump(store.db);
      assert.equal(dump.rows.length, readFileSync(`${FIXTURES}master-full.csv`, 'utf8').trim().split('\n').length - 1);
      const status = (await readSyncStatus(store.db)).filter((s) => s.source === 'fixture');
      assert.deepEqual(status.map((s) => [s.segment, s.lastError]).sort(), [
        ['BFO', null],
        ['BSE_INDEX', null],
        ['MCX', null],
        ['NFO', null],
        ['NSE_INDEX', null],
      ]);
    });

    for (const [file, why] of [
      ['master-bfo-missing.csv', /segment BFO is missing/],
      ['master-nfo-truncated.csv', /segment NFO has 67 rows, fewer than half of the last good 136/],
    ] as const) {
      test(`a refused download (${file}) leaves the catalog exactly as it was`, async () => {
        const before = await catalogDump(store.db);
        await clock.advanceBy(60_000);
        const result = await syncInstrumentMaster({ db: store.db, clock, log }, fixtureSource(file));
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.errors.join('; '), why);
        assert.deepEqual(await catalogDump(store.db), before);
        const status = (await readSyncStatus(store.db)).filter((s) => s.source === 'fixture');
        const failed = status.find((s) => why.source.includes(s.segment));
        assert.ok(failed?.lastError && why.test(failed.lastError));
        assert.ok(
          status.every(
            (s) => s.lastAttemptAt === clock.now() && s.lastSuccessAt !== null && s.lastSuccessAt < clock.now(),
          ),
        );
      });
    }

    test('a failed download keeps the last good copy and says why', async () => {
      const before = await catalogDump(store.db);
      const result = await syncInstrumentMaster({ db: store.db, clock, log }, fixtureSource('no-such-file.csv'));
      assert.equal(result.ok, false);
      assert.deepEqual(await catalogDump(store.db), before);
      const status = await readSyncStatus(store.db);
      assert.ok(status.filter((s) => s.source === 'fixture').every((s) => s.lastError?.startsWith('download failed')));
    });

    test('a broker source fills only that broker symbol table', async () => {
      const source = {
        ...fixtureSource('master-full.csv', 'simbroker'),
        target: { kind: 'broker', broker: 'simbroker' } as const,
      };
      const result = await syncInstrumentMaster({ db: store.db, clock, log }, source);
      assert.equal(result.ok, true);
      const [row] = await store.db
        .select()
        .from(tables.brokerSymbols)
        .where(eq(tables.brokerSymbols.instrumentId, 'NFO:NIFTY:2026-12-01:CE:24000'));
      assert.deepEqual(row && [row.broker, row.brokerSymbol, row.exchangeCode], [
        'simbroker',
        'SIM:NFO_NIFTY_2026-12-01_CE_24000',
        'NFO',
      ]);
    });
  });
}
