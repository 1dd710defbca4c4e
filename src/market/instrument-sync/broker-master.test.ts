import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { DEFAULT_SIM_INSTRUMENTS, masterRow } from '#sim/brokers/fyers/index';
import { parseMasterCsv } from '#src/brokers/fyers';
import { istInstant } from '#src/domain/calendar';
import { createVirtualClock } from '#src/platform/clock';
import { openStore, type Store, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { brokerMasterSource } from './master-source';
import { syncInstrumentMaster } from './sync-master';

const clock = createVirtualClock(istInstant('2026-11-26', '08:00'));
const log = createLogger({ level: 'silent' });
const csv = (keep: (line: string) => boolean) =>
  DEFAULT_SIM_INSTRUMENTS.map((i) => masterRow(i, '1764000000'))
    .filter(keep)
    .join('\n');

/** The Fyers master (parsed by brokers/fyers) plugged into the sync as that broker's symbol table. */
const fyersSource = (text: string) =>
  brokerMasterSource({
    broker: 'fyers',
    segments: ['NFO', 'BFO', 'MCX'],
    requiredUnderlyings: ['NIFTY'],
    download: async () => parseMasterCsv(text),
    exchangeCode: (row) => row.brokerSymbol.slice(0, row.brokerSymbol.indexOf(':')),
  });

describe('a broker master (Fyers simulator files) in the broker symbol table', () => {
  let store: Store;
  before(async () => {
    store = await openStore({ kind: 'pglite', dataDir: undefined });
  });
  after(async () => store.close());
  const dump = () => store.db.select().from(tables.brokerSymbols).orderBy(asc(tables.brokerSymbols.instrumentId));

  test('maps instrument ids to the broker symbol, token and exchange as the master gives them', async () => {
    const result = await syncInstrumentMaster({ db: store.db, clock, log }, fyersSource(csv(() => true)));
    assert.equal(result.ok, true, JSON.stringify(result));
    const [row] = await store.db
      .select()
      .from(tables.brokerSymbols)
      .where(eq(tables.brokerSymbols.instrumentId, 'NFO:NIFTY:2026-12-01:CE:24000'));
    const source = DEFAULT_SIM_INSTRUMENTS.find((i) => i.symbol.endsWith('24000CE') && i.symbol.startsWith('NSE:'));
    assert.deepEqual(row && [row.broker, row.brokerSymbol, row.token, row.exchangeCode], [
      'fyers',
      source?.symbol,
      source?.fytoken,
      'NSE',
    ]);
    assert.equal(
      (await dump()).some((r) => r.segment === 'NSE'),
      false,
      'cash rows are outside the synced segments',
    );
  });

  test('a download without the BSE F&O file leaves the table exactly as it was', async () => {
    const before = await dump();
    const result = await syncInstrumentMaster(
      { db: store.db, clock, log },
      fyersSource(csv((l) => !l.includes('SENSEX'))),
    );
    assert.equal(result.ok, false);
    assert.deepEqual(await dump(), before);
  });
});
