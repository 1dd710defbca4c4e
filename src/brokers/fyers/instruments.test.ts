import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BrokerError } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { createFyersSymbolResolver, istDate, parseMasterCsv, parseMasterLine } from './instruments';

const csv = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('Fyers symbol master (reference §1.7)', () => {
  test('reads the real NSE_FO row into the platform id, Fyers symbol, fytoken, lot, tick and IST expiry', () => {
    const real = csv('symbol-master-NSE_FO.csv').split('\n')[0] ?? '';
    assert.deepEqual(parseMasterLine(real), {
      instrumentId: 'NFO:NIFTY:2026-07-21:CE:29450',
      brokerSymbol: 'NSE:NIFTY2672129450CE',
      token: '101126072135426',
      lotSize: 65,
      tickSizePaise: 5,
      expiry: '2026-07-21',
    });
  });

  test('reads futures and monthly options, and skips currency derivatives', () => {
    const rows = parseMasterCsv(csv('symbol-master-NSE_FO.csv'));
    assert.deepEqual(
      rows.map((r) => r.instrumentId),
      [
        'NFO:NIFTY:2026-07-21:CE:29450',
        'NFO:NIFTY:2026-07-21:PE:29450',
        'NFO:NIFTY:2026-07-28:FUT',
        'NFO:BANKNIFTY:2026-07-28:FUT',
        'NFO:BANKNIFTY:2026-07-28:CE:32500',
      ],
    );
    assert.equal(rows[3]?.lotSize, 30);
    assert.equal(rows[2]?.tickSizePaise, 10);
    assert.equal(rows[4]?.brokerSymbol, 'NSE:BANKNIFTY26JUL32500CE');
  });

  test('reads the -EQ series and indices of NSE_CM and skips other series', () => {
    const rows = parseMasterCsv(csv('symbol-master-NSE_CM.csv'));
    assert.deepEqual(
      rows.map((r) => [r.instrumentId, r.brokerSymbol, r.expiry]),
      [
        ['NSE:INFY', 'NSE:INFY-EQ', undefined],
        ['NSE_INDEX:NIFTY', 'NSE:NIFTY50-INDEX', undefined],
      ],
    );
  });

  test('ignores blank, short and malformed lines', () => {
    assert.equal(parseMasterLine(''), undefined);
    assert.equal(parseMasterLine('1,2,3'), undefined);
    const real = csv('symbol-master-NSE_FO.csv').split('\n')[0] ?? '';
    assert.equal(parseMasterLine(real.replace(',65,', ',0,')), undefined, 'a zero lot is unusable');
    assert.equal(parseMasterLine(real.replace(',11,35426,', ',99,35426,')), undefined, 'unknown segment');
  });

  test('converts expiry epochs to IST dates, also across the UTC midnight', () => {
    assert.equal(istDate(1784628000), '2026-07-21');
    assert.equal(istDate(Date.UTC(2026, 6, 20, 19, 0) / 1000), '2026-07-21');
  });

  test('resolves ids to symbols and symbols or fytokens back to ids', () => {
    const r = createFyersSymbolResolver(parseMasterCsv(csv('symbol-master-NSE_FO.csv')));
    const id = 'NFO:NIFTY:2026-07-21:CE:29450' as InstrumentId;
    assert.deepEqual(r.toBroker(id), { symbol: 'NSE:NIFTY2672129450CE', token: '101126072135426', exchange: 'NSE' });
    assert.equal(r.fromBroker('NSE:NIFTY2672129450CE'), id);
    assert.equal(r.fromBroker('101126072135426'), id);
    assert.equal(r.fromBroker('NSE:NOPE'), undefined);
    assert.throws(
      () => r.toBroker('NFO:NIFTY:2030-01-01:FUT' as InstrumentId),
      (e: unknown) => e instanceof BrokerError && e.code === 'INVALID_ORDER',
    );
  });
});
