import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Holiday } from '#src/domain/calendar';
import { MarketError } from '../market-errors';
import { diffHolidays } from './holiday-diff';
import { parseNseDate, parseNseHolidayMaster } from './nse-holiday-master';

const fixture = () =>
  JSON.parse(readFileSync(new URL('./fixtures/nse-holiday-master-trading.json', import.meta.url), 'utf8'));
const invalid = (re: RegExp) => (e: unknown) =>
  e instanceof MarketError && e.code === 'INVALID_HOLIDAY_MASTER' && re.test(e.message);

describe('NSE holiday master', () => {
  test('parses the FO list into full-day NSE holidays', () => {
    const holidays = parseNseHolidayMaster(fixture());
    assert.equal(holidays.length, 16);
    assert.deepEqual(holidays[0], {
      exchange: 'NSE',
      date: '2026-01-15',
      name: 'Municipal Corporation Election in Maharashtra',
      closed: 'FULL',
    });
  });

  test('reads DD-Mon-YYYY dates and refuses impossible ones', () => {
    assert.equal(parseNseDate('03-Mar-2026'), '2026-03-03');
    assert.equal(parseNseDate('30-Feb-2026'), undefined);
    assert.equal(parseNseDate('2026-03-03'), undefined);
  });

  test('refuses a missing segment, an empty list, a bad date and a repeated date', () => {
    assert.throws(() => parseNseHolidayMaster({ CM: [] }), invalid(/no "FO" holidays/));
    assert.throws(() => parseNseHolidayMaster({ FO: [] }), invalid(/no "FO" holidays/));
    assert.throws(() => parseNseHolidayMaster({ FO: 'x' }), invalid(/malformed/));
    assert.throws(
      () => parseNseHolidayMaster({ FO: [{ tradingDate: '2026-03-03', description: 'Holi' }] }),
      invalid(/bad tradingDate/),
    );
    const twice = [
      { tradingDate: '03-Mar-2026', description: 'Holi' },
      { tradingDate: '03-Mar-2026', description: 'Holi' },
    ];
    assert.throws(() => parseNseHolidayMaster({ FO: twice }), invalid(/lists 2026-03-03 twice/));
  });
});

describe('diffHolidays', () => {
  const h = (date: string, exchange: Holiday['exchange'] = 'NSE'): Holiday => ({
    exchange,
    date,
    name: date,
    closed: 'FULL',
  });

  test('only compares the years the feed covers, weekdays only, one exchange only', () => {
    const current = [h('2025-12-25'), h('2026-03-03'), h('2026-11-08'), h('2026-05-01', 'BSE')];
    const feed = [h('2026-01-26')];
    assert.deepEqual(
      diffHolidays('NSE', current, feed).map((c) => `${c.action} ${c.holiday.date}`),
      ['ADD 2026-01-26', 'REMOVE 2026-03-03'],
    );
  });
});
