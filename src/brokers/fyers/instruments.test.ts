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

  test('reads the -EQ series and indices (named after their F&O underlying) of NSE_CM, skipping other series', () => {
    const rows = parseMasterCsv(csv('symbol-master-NSE_CM.csv'));
    assert.deepEqual(
      rows.map((r) => [r.instrumentId, r.brokerSymbol, r.expiry]),
      [
        ['NSE:INFY', 'NSE:INFY-EQ', undefined],
        ['NSE_INDEX:NIFTY', 'NSE:NIFTY50-INDEX', undefined],
        ['NSE_INDEX:BANKNIFTY', 'NSE:NIFTYBANK-INDEX', undefined],
      ],
    );
  });

  test('reads BSE_FO options (BSE: prefix) and MCX_COM futures (exchange 11, segment 20)', () => {
    // Built from the §1.7 column list; the symbols follow §1.7's symbology table.
    const bfo =
      '1211261203845001,SENSEX 03 Dec 26 80000 CE,14,20,0.05,,0915-1530|1815-1915:,2026-11-20,1796292000,BSE:SENSEX26D0380000CE,12,11,845001,SENSEX,1,80000.0,CE,121000000000001,None,0,0.0';
    const mcx =
      '1120261218472789,CRUDEOIL 26 DEC FUT,30,100,1,,0900-2330|:,2026-11-20,1797593400,MCX:CRUDEOIL26DECFUT,11,20,472789,CRUDEOIL,294,-1.0,XX,1120000000294,None,0,0.0';
    assert.deepEqual(
      [bfo, mcx].map((l) => {
        const r = parseMasterLine(l);
        return [r?.instrumentId, r?.brokerSymbol, r?.lotSize, r?.tickSizePaise];
      }),
      [
        ['BFO:SENSEX:2026-12-03:CE:80000', 'BSE:SENSEX26D0380000CE', 20, 5],
        ['MCX:CRUDEOIL:2026-12-18:FUT', 'MCX:CRUDEOIL26DECFUT', 100, 100],
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
