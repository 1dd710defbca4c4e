import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createTradingCalendar, istInstant, mcxClose, parseHolidayData } from './index';

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

describe('MCX follows US daylight saving, switching on the Monday after the US change', () => {
  const cases: [date: string, close: string][] = [
    ['2025-03-07', '23:55'],
    ['2025-03-10', '23:30'],
    ['2025-10-31', '23:30'],
    ['2025-11-03', '23:55'],
    ['2026-03-06', '23:55'],
    ['2026-03-09', '23:30'],
    ['2026-10-30', '23:30'],
    ['2026-11-02', '23:55'],
  ];
  for (const [date, close] of cases) {
    test(`MCX closes at ${close} on ${date}`, () => {
      assert.equal(mcxClose(date), close);
      assert.deepEqual(cal.session('MCX', date), { open: at(date, '09:00'), close: at(date, close) });
    });
  }
});

describe('MCX half-day holidays open only one half', () => {
  test('New Year 2026 trades the morning only', () => {
    assert.deepEqual(cal.session('MCX', '2026-01-01'), {
      open: at('2026-01-01', '09:00'),
      close: at('2026-01-01', '17:00'),
    });
    assert.equal(cal.isTradingDay('MCX', '2026-01-01'), true);
  });

  test('Holi 2026 and Guru Nanak Jayanti 2026 trade the evening only', () => {
    assert.deepEqual(cal.session('MCX', '2026-03-03'), {
      open: at('2026-03-03', '17:00'),
      close: at('2026-03-03', '23:55'),
    });
    assert.deepEqual(cal.session('MCX', '2026-11-24'), {
      open: at('2026-11-24', '17:00'),
      close: at('2026-11-24', '23:55'),
    });
    assert.deepEqual(cal.session('MCX', '2026-05-28'), {
      open: at('2026-05-28', '17:00'),
      close: at('2026-05-28', '23:30'),
    });
    assert.equal(cal.isOpen('MCX', at('2026-11-24', '10:00')), false);
    assert.equal(cal.isOpen('MCX', at('2026-11-24', '18:00')), true);
  });

  test('national holidays close both halves', () => {
    assert.equal(cal.session('MCX', '2026-01-26'), undefined);
    assert.equal(cal.isTradingDay('MCX', '2026-12-25'), false);
  });

  test('square-off on an evening-only day is 15 minutes before the close', () => {
    assert.equal(cal.squareOffAt('MCX', '2026-11-24'), at('2026-11-24', '23:40'));
  });
});

describe('Muhurat and special sessions', () => {
  test('Diwali 2025 is a holiday with a 13:45–14:45 Muhurat session on NSE, BSE and MCX', () => {
    for (const seg of ['NFO', 'BFO', 'NSE', 'MCX'] as const) {
      assert.equal(cal.isTradingDay(seg, '2025-10-21'), false);
      assert.deepEqual(cal.session(seg, '2025-10-21'), {
        open: at('2025-10-21', '13:45'),
        close: at('2025-10-21', '14:45'),
      });
    }
    assert.equal(cal.isOpen('NFO', at('2025-10-21', '14:00')), true);
    assert.equal(cal.squareOffAt('NFO', '2025-10-21'), at('2025-10-21', '14:30'));
    assert.equal(cal.nextTradingDay('NFO', '2025-10-20'), '2025-10-23');
  });

  test('Muhurat 2026 is known but has no session until its timings are set', () => {
    assert.equal(cal.specialSessionOn('NFO', '2026-11-08')?.kind, 'MUHURAT');
    assert.equal(cal.session('NFO', '2026-11-08'), undefined);
  });
});

describe('futures pre-open and next open', () => {
  test('NFO has a futures pre-open from 2025-12-08 and BFO none', () => {
    assert.equal(cal.preOpen('NFO', '2025-12-05'), undefined);
    assert.deepEqual(cal.preOpen('NFO', '2025-12-08'), {
      open: at('2025-12-08', '09:00'),
      close: at('2025-12-08', '09:15'),
    });
    assert.equal(cal.preOpen('BFO', '2025-12-08'), undefined);
    assert.equal(cal.preOpen('NFO', '2026-11-24'), undefined);
  });

  test('nextOpen skips the weekend and the holiday', () => {
    assert.equal(cal.nextOpen('NFO', at('2026-11-20', '16:00')), at('2026-11-23', '09:15'));
    assert.equal(cal.nextOpen('NFO', at('2026-11-23', '16:00')), at('2026-11-25', '09:15'));
    assert.equal(cal.nextOpen('NFO', at('2026-11-25', '09:00')), at('2026-11-25', '09:15'));
  });

  test('coverage reports the dates the holiday lists are complete for', () => {
    assert.equal(cal.covers('2026-12-31'), true);
    assert.equal(cal.covers('2027-01-01'), false);
  });
});

describe('holiday data validation', () => {
  test('rejects an empty holiday list and duplicate rows', () => {
    const base = { coverage: { from: '2026-01-01', to: '2026-12-31' }, specialSessions: [] };
    assert.throws(() => parseHolidayData({ ...base, holidays: [] }), /never empty/);
    const h = { exchange: 'NSE', date: '2026-01-26', name: 'Republic Day', closed: 'FULL' };
    assert.throws(() => parseHolidayData({ ...base, holidays: [h, h] }), /duplicate holiday NSE:2026-01-26/);
    assert.throws(() => parseHolidayData({ ...base, holidays: [{ ...h, date: '2026-02-30' }] }), /YYYY-MM-DD/);
  });
});
