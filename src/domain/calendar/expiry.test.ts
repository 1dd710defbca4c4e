import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createTradingCalendar, expiries, istInstant, nearestExpiry, parseHolidayData } from './index';

const cal = createTradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(new URL('../../../data/holidays.json', import.meta.url), 'utf8'))),
);

describe('holiday shifts move an expiry to the previous trading day', () => {
  const cases: [underlying: string, kind: 'WEEKLY' | 'MONTHLY', nominal: string, expected: string][] = [
    ['NIFTY', 'MONTHLY', '2026-03-31', '2026-03-30'],
    ['NIFTY', 'MONTHLY', '2026-11-24', '2026-11-23'],
    ['NIFTY', 'WEEKLY', '2026-03-03', '2026-03-02'],
    ['NIFTY', 'WEEKLY', '2026-04-14', '2026-04-13'],
    ['NIFTY', 'WEEKLY', '2026-10-20', '2026-10-19'],
    ['NIFTY', 'WEEKLY', '2026-11-10', '2026-11-09'],
    ['BANKNIFTY', 'MONTHLY', '2026-03-31', '2026-03-30'],
    ['SENSEX', 'WEEKLY', '2026-01-15', '2026-01-14'],
    ['SENSEX', 'MONTHLY', '2026-03-26', '2026-03-25'],
    ['SENSEX', 'MONTHLY', '2026-05-28', '2026-05-27'],
    // Diwali 2025 (Tue 2025-10-21) had only a Muhurat session, so the weekly moved to Monday.
    ['NIFTY', 'WEEKLY', '2025-10-21', '2025-10-20'],
  ];
  for (const [underlying, kind, nominal, expected] of cases) {
    test(`${underlying} ${kind} ${nominal} → ${expected}`, () => {
      const from = new Date(Date.parse(`${nominal}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
      const list = expiries(cal, underlying, from, 3, kind);
      assert.ok(list.includes(expected), `${list.join(', ')} should include ${expected}`);
      assert.ok(!list.includes(nominal), `${list.join(', ')} should not include the holiday ${nominal}`);
    });
  }
});

describe('expiry weekday rules', () => {
  test('NSE expiries were Thursday before 2025-09-01 and Tuesday after', () => {
    assert.deepEqual(expiries(cal, 'NIFTY', '2025-08-18', 4, 'WEEKLY'), [
      '2025-08-21',
      '2025-08-28',
      '2025-09-02',
      '2025-09-09',
    ]);
  });

  test('BSE expiries were Tuesday in Jan–Aug 2025 and Thursday after', () => {
    assert.deepEqual(expiries(cal, 'SENSEX', '2025-08-18', 4, 'WEEKLY'), [
      '2025-08-19',
      '2025-08-26',
      '2025-09-04',
      '2025-09-11',
    ]);
  });

  test('monthly is the last expiry weekday of the month', () => {
    assert.deepEqual(expiries(cal, 'BANKNIFTY', '2026-06-01', 3, 'MONTHLY'), [
      '2026-06-30',
      '2026-07-28',
      '2026-08-25',
    ]);
    assert.deepEqual(expiries(cal, 'BANKEX', '2026-06-01', 2, 'MONTHLY'), ['2026-06-25', '2026-07-30']);
  });

  test('only NIFTY and SENSEX have weeklies', () => {
    assert.throws(() => expiries(cal, 'BANKNIFTY', '2026-06-01', 3, 'WEEKLY'), /no weekly expiries/);
    assert.throws(() => expiries(cal, 'UNKNOWNIDX', '2026-06-01', 3, 'MONTHLY'), /no expiry rule/);
  });
});

describe('nearestExpiry', () => {
  test('counts today until the close, then moves to the next expiry', () => {
    assert.equal(nearestExpiry(cal, 'NIFTY', istInstant('2026-12-01', '10:00')), '2026-12-01');
    assert.equal(nearestExpiry(cal, 'NIFTY', istInstant('2026-12-01', '15:40')), '2026-12-08');
    assert.equal(nearestExpiry(cal, 'NIFTY', istInstant('2026-12-01', '10:00'), { skipExpiryDay: true }), '2026-12-08');
  });

  test('uses monthlies for a monthly-only underlying', () => {
    assert.equal(nearestExpiry(cal, 'BANKNIFTY', istInstant('2026-11-02', '10:00')), '2026-11-23');
  });

  test('Sunday before a shifted expiry returns the shifted date', () => {
    assert.equal(nearestExpiry(cal, 'NIFTY', istInstant('2026-11-22', '12:00')), '2026-11-23');
  });
});
