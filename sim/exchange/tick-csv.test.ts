import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTickCsv, TickCsvError } from './tick-csv';

const HEADER = 'ts,id,ltp,bid,ask,volume';

function csvError(text: string): TickCsvError {
  try {
    parseTickCsv(text);
  } catch (error) {
    assert.ok(error instanceof TickCsvError, `expected TickCsvError, got ${String(error)}`);
    return error;
  }
  return assert.fail('expected a TickCsvError');
}

describe('parseTickCsv', () => {
  test('reads epoch-ms and zoned ISO times and converts rupees to paise', () => {
    const ticks = parseTickCsv(
      [
        HEADER,
        '1795751100000,NSE_INDEX:NIFTY,24010.35,24010.35,24010.35,0',
        '',
        '2026-11-27T09:15:01+05:30, NFO:NIFTY:2026-12-01:CE:24000 ,123.45,123.4,123.5,650',
        '2026-11-27T03:45:02Z,NFO:NIFTY:2026-12-01:PE:24000,0.05,0,0.1,65',
      ].join('\r\n'),
    );
    assert.deepEqual(ticks, [
      { ts: 1795751100000, id: 'NSE_INDEX:NIFTY', ltp: 2401035, bid: 2401035, ask: 2401035, volume: 0 },
      { ts: 1795751101000, id: 'NFO:NIFTY:2026-12-01:CE:24000', ltp: 12345, bid: 12340, ask: 12350, volume: 650 },
      { ts: 1795751102000, id: 'NFO:NIFTY:2026-12-01:PE:24000', ltp: 5, bid: 0, ask: 10, volume: 65 },
    ]);
  });

  test('returns no ticks for a file with only the header', () => {
    assert.deepEqual(parseTickCsv(`${HEADER}\n`), []);
  });

  test('names the line and the problem for each kind of bad input', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['', 1, /empty file; expected the header "ts,id,ltp,bid,ask,volume"/],
      ['time,id,price\n1,NSE_INDEX:NIFTY,1', 1, /header is "time,id,price"/],
      [`${HEADER}\n1,NSE_INDEX:NIFTY,1,1,1`, 2, /expected 6 columns .* found 5/],
      [`${HEADER}\n\n1,NSE_INDEX:NIFTY,abc,1,1,0`, 3, /ltp "abc" is not a non-negative rupee amount/],
      [`${HEADER}\n1,NSE_INDEX:NIFTY,1,-1,1,0`, 2, /bid "-1"/],
      [`${HEADER}\n1,NSE_INDEX:NIFTY,1,1,1.005,0`, 2, /ask "1.005" .* at most 2 decimals/],
      [`${HEADER}\n1,NSE_INDEX:NIFTY,1,1,1,1.5`, 2, /volume "1.5" is not a non-negative whole number/],
      [`${HEADER}\n2026-11-27T09:15:00,NSE_INDEX:NIFTY,1,1,1,0`, 2, /ts "2026-11-27T09:15:00" .* with a zone/],
      [`${HEADER}\n1,NFO:NIFTY:2026-13-01:CE:24000,1,1,1,0`, 2, /invalid instrument id .*bad expiry date/],
    ];
    for (const [text, line, message] of cases) {
      const error = csvError(text);
      assert.equal(error.line, line, `line of ${JSON.stringify(text)}`);
      assert.equal(error.code, 'TICK_CSV_INVALID');
      assert.match(error.message, message);
      assert.match(error.message, new RegExp(`^tick CSV line ${line}: `));
    }
  });
});
