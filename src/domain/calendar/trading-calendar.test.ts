import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createTradingCalendar, istInstant, parseHolidayData } from './index';

const cal = createTradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(new URL('../../../data/holidays.json', import.meta.url), 'utf8'))),
);
const at = (date: string, hhmm: string) => istInstant(date, hhmm);

describe('sessions', () => {
  test('NFO closes at 15:30 until 2026-07-31 and at 15:40 from 2026-08-03', () => {
    assert.deepEqual(cal.session('NFO', '2026-07-31'), {
      open: at('2026-07-31', '09:15'),
      close: at('2026-07-31', '15:30'),
    });
    assert.deepEqual(cal.session('NFO', '2026-08-03'), {
      open: at('2026-08-03', '09:15'),
      close: at('2026-08-03', '15:40'),
    });
    assert.deepEqual(cal.session('BFO', '2026-08-03')?.close, at('2026-08-03', '15:40'));
  });

  test('cash and index segments keep 09:15–15:30 after the F&O change', () => {
    for (const seg of ['NSE', 'BSE', 'NSE_INDEX', 'BSE_INDEX'] as const) {
      assert.deepEqual(cal.session(seg, '2026-08-03'), {
        open: at('2026-08-03', '09:15'),
        close: at('2026-08-03', '15:30'),
      });
    }
  });

  test('is closed on weekends and on full holidays', () => {
    assert.equal(cal.session('NFO', '2026-11-28'), undefined);
    assert.equal(cal.session('NFO', '2026-11-24'), undefined);
    assert.equal(cal.isTradingDay('NFO', '2026-11-24'), false);
    assert.equal(cal.isTradingDay('NFO', '2026-11-23'), true);
  });

  test('isOpen and minutesToClose follow the session bounds', () => {
    assert.equal(cal.isOpen('NFO', at('2026-11-26', '09:14')), false);
    assert.equal(cal.isOpen('NFO', at('2026-11-26', '09:15')), true);
    assert.equal(cal.minutesToClose('NFO', at('2026-11-26', '15:10')), 30);
    assert.equal(cal.isOpen('NFO', at('2026-11-26', '15:40')), false);
    assert.equal(cal.minutesToClose('NFO', at('2026-11-26', '15:40')), undefined);
  });

  test('squareOffAt defaults to 15 minutes before the close', () => {
    assert.equal(cal.squareOffAt('NFO', '2026-11-26'), at('2026-11-26', '15:25'));
    assert.equal(cal.squareOffAt('NFO', '2026-11-26', 5), at('2026-11-26', '15:35'));
    assert.equal(cal.squareOffAt('NFO', '2026-11-24'), undefined);
  });

  test('next and previous trading days skip weekends and holidays', () => {
    assert.equal(cal.nextTradingDay('NFO', '2026-11-23'), '2026-11-25');
    assert.equal(cal.prevTradingDay('NFO', '2026-11-25'), '2026-11-23');
    assert.equal(cal.nextTradingDay('NFO', '2026-04-02'), '2026-04-06');
  });
});
