import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InstrumentId, Segment } from '#src/domain/instrument';
import { loadMarketReference } from '../reference-data';
import { formatMasterCsv, InvalidMasterCsvError, parseMasterCsv } from './csv-master-source';
import type { MasterRow } from './master-source';
import { simMasterRows } from './sim-master-source';
import { validateMaster } from './validate-master';

const { calendar, specs } = loadMarketReference();
const source = { segments: ['NFO'] as Segment[], requiredUnderlyings: ['NIFTY'], target: { kind: 'catalog' } as const };
const option = (strike: number): MasterRow => ({
  instrumentId: `NFO:NIFTY:2026-12-01:CE:${strike}` as InstrumentId,
  lotSize: 65,
  tickSizePaise: 5,
});
const rows = (n: number) => Array.from({ length: n }, (_, i) => option(20_000 + 50 * i));

describe('validateMaster', () => {
  test('accepts exactly half of the last good copy and refuses one row fewer', () => {
    const lastGood = new Map<Segment, number>([['NFO', 10]]);
    assert.equal(validateMaster(source, rows(5), lastGood).ok, true);
    const refused = validateMaster(source, rows(4), lastGood);
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.errors.join(), /NFO has 4 rows, fewer than half of the last good 10/);
  });

  test('refuses duplicate ids, bad ids and a missing required underlying', () => {
    const dup = validateMaster(source, [...rows(3), option(20_000)], new Map());
    assert.match(dup.ok ? '' : dup.errors.join(), /duplicate instrument id NFO:NIFTY:2026-12-01:CE:20000/);
    const bad = validateMaster(
      source,
      [...rows(3), { ...option(1), instrumentId: 'NFO:NIFTY:2026-02-30:CE:1' as InstrumentId }],
      new Map(),
    );
    assert.match(bad.ok ? '' : bad.errors.join(), /bad expiry date/);
    const missing = validateMaster({ ...source, requiredUnderlyings: ['NIFTY', 'BANKNIFTY'] }, rows(3), new Map());
    assert.match(missing.ok ? '' : missing.errors.join(), /required underlyings missing: BANKNIFTY/);
  });

  test('ignores rows of segments the source does not sync, and needs broker names for a broker table', () => {
    const mcx = { instrumentId: 'MCX:CRUDEOIL:2026-12-18:FUT' as InstrumentId, lotSize: 100, tickSizePaise: 100 };
    const ok = validateMaster(source, [...rows(2), mcx], new Map());
    assert.equal(ok.ok && ok.ignored, 1);
    const broker = validateMaster({ ...source, target: { kind: 'broker', broker: 'x' } }, rows(2), new Map());
    assert.match(broker.ok ? '' : broker.errors.join(), /no broker symbol/);
  });
});

describe('master CSV', () => {
  test('round-trips rows and rejects a malformed line with its line number', () => {
    const sample = [{ ...option(24_000), freezeQty: 1800, broker: { symbol: 'S', token: '7', exchangeCode: 'NFO' } }];
    assert.deepEqual(parseMasterCsv(formatMasterCsv(sample)), sample);
    const text = `${formatMasterCsv(sample)}NFO:NIFTY:2026-12-01:PE:24000,0,5,,,,\n`;
    assert.throws(
      () => parseMasterCsv(text),
      (e) => e instanceof InvalidMasterCsvError && /line 3: bad lot_size/.test(e.message),
    );
    assert.throws(() => parseMasterCsv('id,lot\n'), InvalidMasterCsvError);
  });
});

describe('simulated exchange master', () => {
  test('lists the holiday-shifted March 2026 NIFTY monthly (03-31 → 03-30) with the 2026 lot size', () => {
    const listed = simMasterRows({ calendar, specs, strikesEachSide: 1 }, '2026-03-25');
    const fut = listed.find((r) => r.instrumentId.startsWith('NFO:NIFTY:2026-03'));
    assert.equal(fut?.instrumentId, 'NFO:NIFTY:2026-03-30:FUT');
    assert.equal(fut?.lotSize, 65);
    const sensex = listed.filter(
      (r) => r.instrumentId.startsWith('BFO:SENSEX:') && r.instrumentId.endsWith(':CE:80000'),
    );
    assert.ok(sensex.length >= 4, 'SENSEX weeklies are listed');
    assert.ok(sensex.every((r) => r.lotSize === 20));
  });
});
