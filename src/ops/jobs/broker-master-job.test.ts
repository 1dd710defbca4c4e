/** The daily broker master sync of the scheduler, against the Fyers simulator's symbol-master files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import {
  createFyersSim,
  DEFAULT_SIM_INSTRUMENTS,
  type FyersSim,
  type SimInstrument,
  simIndex,
  simOption,
} from '#sim/brokers/fyers/index';
import type { BrokerDefinition } from '#src/brokers/contract';
import { createFyersDefinition, parseFyersConfig } from '#src/brokers/fyers';
import { paper } from '#src/brokers/registry';
import { istInstant } from '#src/domain/calendar';
import { loadMarketReference, readSyncStatus } from '#src/market';
import { createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { openStore, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { startMarketJobs } from './market-jobs';

const { brokerSymbols, auditLog } = tables;

/** Every segment the sync expects (NFO, BFO, MCX and both index segments) and the three required chains. */
const FULL: readonly SimInstrument[] = [
  ...DEFAULT_SIM_INSTRUMENTS,
  simIndex({ exchange: 'NSE', name: 'NIFTYBANK', underlying: 'BANKNIFTY', hsmName: 'Nifty Bank', exToken: '26009' }),
  simIndex({ exchange: 'BSE', name: 'SENSEX', underlying: 'SENSEX', hsmName: 'SENSEX', exToken: '1' }),
  simOption({
    exchange: 'NSE',
    underlying: 'BANKNIFTY',
    expiry: '2026-12-29',
    strike: 52000,
    optionType: 'CE',
    exToken: '36001',
    lotSize: 30,
    weekly: false,
  }),
];
/** A partial master: the BSE F&O file came back without its rows. */
const PARTIAL = FULL.filter((i) => !i.instrumentId.startsWith('BFO:'));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('syncs each broker master into its symbol table daily from the configured IST time; a partial master is refused, audited, and the table kept', {
  timeout: 60_000,
}, async () => {
  const store = await openStore({ kind: 'pglite', dataDir: undefined });
  const bus = createMemoryBus();
  const clock = createVirtualClock(istInstant('2026-12-03', '07:00'));
  const { specs, calendar } = loadMarketReference();
  const log = createLogger({ level: 'silent' });
  const sims: FyersSim[] = [];
  const fyersAt = async (instruments: readonly SimInstrument[]) => {
    const sim = await createFyersSim({ prices: () => undefined, instruments });
    sims.push(sim);
    return createFyersDefinition(
      parseFyersConfig({ ...sim.hosts, masterFiles: ['NSE_FO', 'BSE_FO', 'MCX_COM', 'NSE_CM', 'BSE_CM'] }),
    );
  };
  const full = await fyersAt(FULL);
  const partial = await fyersAt(PARTIAL);
  let serving = full;
  // Fyers, whose symbol-master host the test switches between a full and a partial listing.
  const fyers: BrokerDefinition = {
    ...full,
    fetchInstruments: () => serving.fetchInstruments?.() ?? Promise.resolve([]),
  };
  const jobs = await startMarketJobs({
    db: store.db,
    bus,
    clock,
    log,
    specs,
    calendar,
    checkEveryMs: 10,
    brokers: [paper, fyers],
    brokerMasterSyncAtIst: '08:00',
  });
  const db = store.db;
  const symbols = () =>
    db.select().from(brokerSymbols).where(eq(brokerSymbols.broker, 'fyers')).orderBy(asc(brokerSymbols.instrumentId));
  const audits = () =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'instruments.broker_master_sync'), eq(auditLog.subject, 'fyers')))
      .orderBy(asc(auditLog.id));
  try {
    // Before 08:00 IST nothing is fetched: several job runs go by (the sim master sync at start proves the job ran).
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(sims[0]?.calls(), 0, 'no master download before the configured time');
    assert.deepEqual(await symbols(), []);

    await clock.advanceTo(istInstant('2026-12-03', '08:01'));
    const first = await until('the first broker sync', async () =>
      (await audits()).length > 0 ? audits() : undefined,
    );
    assert.equal(first.length, 1);
    assert.equal((first[0]?.data as { ok?: boolean } | undefined)?.ok, true, JSON.stringify(first[0]?.data));
    const table = await symbols();
    const ce = table.find((r) => r.instrumentId === 'NFO:NIFTY:2026-12-01:CE:24000');
    const source = FULL.find((i) => i.instrumentId === 'NFO:NIFTY:2026-12-01:CE:24000');
    assert.deepEqual([ce?.brokerSymbol, ce?.token], [source?.symbol, source?.fytoken]);
    assert.ok(table.some((r) => r.instrumentId === 'NSE_INDEX:NIFTY' && r.brokerSymbol === 'NSE:NIFTY50-INDEX'));
    assert.equal(
      table.some((r) => r.segment === 'NSE'),
      false,
      'equities are outside the synced segments',
    );

    // Next morning the BSE F&O file is empty: refused, audited with the reason, yesterday's table kept.
    serving = partial;
    await clock.advanceTo(istInstant('2026-12-04', '08:05'));
    const refused = await until('the refused sync', async () => {
      const all = await audits();
      return all.length > 1 ? all : undefined;
    });
    const data = refused[1]?.data as { ok?: boolean; errors?: string[] } | undefined;
    assert.equal(data?.ok, false);
    assert.match((data?.errors ?? []).join('; '), /BFO/);
    assert.deepEqual(await symbols(), table, 'the last good table is kept');
    const bfo = (await readSyncStatus(db)).find((s) => s.source === 'fyers' && s.segment === 'BFO');
    assert.match(bfo?.lastError ?? '', /BFO/);

    // The retry, once the master is whole again, swaps it in (and only once that day).
    serving = full;
    await clock.advanceTo(istInstant('2026-12-04', '08:25'));
    const retried = await until('the retried sync', async () => {
      const all = await audits();
      return all.length > 2 ? all : undefined;
    });
    assert.equal((retried[2]?.data as { ok?: boolean } | undefined)?.ok, true);
    const status = (await readSyncStatus(db)).filter((s) => s.source === 'fyers');
    assert.ok(status.every((s) => s.lastSuccessAt === istInstant('2026-12-04', '08:25')));
    const downloads = (sims[0]?.calls() ?? 0) + (sims[1]?.calls() ?? 0);
    await clock.advanceTo(istInstant('2026-12-04', '09:30'));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((sims[0]?.calls() ?? 0) + (sims[1]?.calls() ?? 0), downloads, 'no second sync the same day');
  } finally {
    await jobs.stop();
    for (const s of sims) await s.close();
    await bus.close();
    await store.close();
  }
});
