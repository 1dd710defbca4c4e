import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createTradingCalendar, parseHolidayData } from '#src/domain/calendar';
import {
  activeFuture,
  type ContractRow,
  createInstrumentCatalog,
  instrumentId,
  lastSafeTradingDay,
  mustRoll,
} from './index';

const cal = createTradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(new URL('../../../data/holidays.json', import.meta.url), 'utf8'))),
);

const row = (id: string, lotSize = 65): ContractRow => ({ instrumentId: instrumentId(id), lotSize, tickSizePaise: 5 });

function niftyRows(): ContractRow[] {
  const rows: ContractRow[] = [];
  // 50-point strikes near the money, 100-point strikes in the tails, as live NIFTY chains are listed.
  const strikes = [23_500, 23_600, 23_700, 23_750, 23_800, 23_850, 23_900, 23_950, 24_000, 24_050, 24_100, 24_200];
  for (const k of strikes) for (const side of ['CE', 'PE']) rows.push(row(`NFO:NIFTY:2026-12-01:${side}:${k}`));
  rows.push(row('NFO:NIFTY:2026-12-08:CE:24000'));
  for (const e of ['2026-11-23', '2026-12-29', '2027-01-26']) rows.push(row(`NFO:NIFTY:${e}:FUT`));
  rows.push(row('MCX:CRUDEOIL:2026-12-18:FUT', 100), row('MCX:CRUDEOIL:2027-01-19:FUT', 100));
  rows.push(row('NSE_INDEX:NIFTY', 1));
  return rows;
}

const catalog = createInstrumentCatalog(niftyRows());

describe('instrument catalog', () => {
  test('option chain around spot uses listed strikes', () => {
    const chain = catalog.optionChain({ underlying: 'NIFTY', expiry: '2026-12-01', spotPaise: 2_401_000, width: 2 });
    assert.deepEqual(
      chain.map((r) => r.strike),
      [23_900, 23_950, 24_000, 24_050, 24_100],
    );
    assert.equal(chain[2]?.CE?.instrumentId, 'NFO:NIFTY:2026-12-01:CE:24000');
    assert.equal(chain[2]?.PE?.instrumentId, 'NFO:NIFTY:2026-12-01:PE:24000');
  });

  test('ATM, ITMn and OTMn count listed strikes, so the 100-point tails are handled', () => {
    const q = { underlying: 'NIFTY', expiry: '2026-12-01', spotPaise: 2_401_000 };
    assert.equal(
      catalog.selectOption({ ...q, optionType: 'CE', selector: 'ATM' })?.instrumentId,
      'NFO:NIFTY:2026-12-01:CE:24000',
    );
    assert.equal(
      catalog.selectOption({ ...q, optionType: 'CE', selector: 'OTM3' })?.instrumentId,
      'NFO:NIFTY:2026-12-01:CE:24200',
    );
    assert.equal(
      catalog.selectOption({ ...q, optionType: 'PE', selector: 'OTM6' })?.instrumentId,
      'NFO:NIFTY:2026-12-01:PE:23700',
    );
    assert.equal(
      catalog.selectOption({ ...q, optionType: 'PE', selector: 'ITM2' })?.instrumentId,
      'NFO:NIFTY:2026-12-01:PE:24100',
    );
    assert.equal(catalog.selectOption({ ...q, optionType: 'CE', selector: 'OTM9' }), undefined);
  });

  test('listed expiries, near and next month futures', () => {
    assert.deepEqual(catalog.expiries('NIFTY', '2026-11-26', 'OPT'), ['2026-12-01', '2026-12-08']);
    assert.deepEqual(catalog.expiries('NIFTY', '2026-11-20', 'FUT'), ['2026-11-23', '2026-12-29', '2027-01-26']);
    assert.equal(catalog.nearFuture('NIFTY', '2026-11-20')?.instrumentId, 'NFO:NIFTY:2026-11-23:FUT');
    assert.equal(catalog.nearFuture('NIFTY', '2026-11-24')?.instrumentId, 'NFO:NIFTY:2026-12-29:FUT');
    assert.equal(catalog.nextFuture('NIFTY', '2026-11-24')?.instrumentId, 'NFO:NIFTY:2027-01-26:FUT');
    assert.equal(catalog.get(instrumentId('NSE_INDEX:NIFTY')), undefined);
  });

  test('rejects duplicate contract rows', () => {
    assert.throws(
      () => createInstrumentCatalog([row('NFO:NIFTY:2026-11-23:FUT'), row('NFO:NIFTY:2026-11-23:FUT')]),
      /duplicate/,
    );
  });
});

describe('rollover', () => {
  test('the last safe day counts trading days back from expiry, skipping weekends', () => {
    // 2026-11-23 (Mon) minus 3 trading days: Fri 20, Thu 19, Wed 18.
    assert.equal(lastSafeTradingDay(cal, 'NFO', '2026-11-23', 3), '2026-11-18');
    assert.equal(lastSafeTradingDay(cal, 'NFO', '2026-11-23', 0), '2026-11-23');
    // MCX 2026-12-18 (Fri) minus 5 trading days: 17, 16, 15, 14, 11.
    assert.equal(lastSafeTradingDay(cal, 'MCX', '2026-12-18', 5), '2026-12-11');
  });

  test('new positions move to the next month from the last safe day', () => {
    const deps = { catalog, cal };
    const q = { underlying: 'NIFTY', rolloverDaysBeforeExpiry: 3 };
    assert.equal(activeFuture(deps, { ...q, onDate: '2026-11-17' })?.instrumentId, 'NFO:NIFTY:2026-11-23:FUT');
    assert.equal(activeFuture(deps, { ...q, onDate: '2026-11-18' })?.instrumentId, 'NFO:NIFTY:2026-12-29:FUT');
    const near = catalog.nearFuture('CRUDEOIL', '2026-12-01');
    assert.ok(near);
    assert.equal(mustRoll(cal, near, '2026-12-10', 5), false);
    assert.equal(mustRoll(cal, near, '2026-12-11', 5), true);
  });
});
