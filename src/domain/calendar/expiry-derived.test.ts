// The one test that reads ../shared deliberately: it checks a whole year of rule-derived expiries against the
// research team's independently derived 2026 calendar (instruments.json → derived_expiry_calendar_2026).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTradingCalendar, expiries, parseHolidayData } from './index';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const sharedPath = `${repoRoot}../shared/data/instruments.json`;
const skip = existsSync(sharedPath) ? false : `reference data not found at ${sharedPath} (the shared folder is absent)`;

interface DerivedRow {
  readonly nominal: string;
  readonly expiry: string;
  readonly kind: 'weekly' | 'monthly';
}

function derived(key: string): DerivedRow[] {
  const raw = JSON.parse(readFileSync(sharedPath, 'utf8')) as {
    derived_expiry_calendar_2026: Record<string, DerivedRow[]>;
  };
  const rows = raw.derived_expiry_calendar_2026[key];
  assert.ok(rows && rows.length > 0, `no ${key} rows in the reference calendar`);
  return rows;
}

const cal = createTradingCalendar(parseHolidayData(JSON.parse(readFileSync(`${repoRoot}data/holidays.json`, 'utf8'))));

describe('a whole year of derived expiries matches the reference calendar for 2026', { skip }, () => {
  const cases = [
    ['NIFTY', 'NSE_NIFTY_weekly_and_monthly_tuesday'],
    ['SENSEX', 'BSE_SENSEX_weekly_and_monthly_thursday'],
  ] as const;
  for (const [underlying, key] of cases) {
    test(`${underlying} weekly expiries for 2026`, () => {
      const rows = derived(key);
      const got = expiries(cal, underlying, rows[0]?.expiry ?? '', rows.length, 'WEEKLY');
      assert.deepEqual(
        got,
        rows.map((r) => r.expiry),
      );
    });

    test(`${underlying} monthly expiries for 2026`, () => {
      const rows = derived(key).filter((r) => r.kind === 'monthly');
      assert.equal(rows.length, 12);
      assert.deepEqual(
        expiries(cal, underlying, '2026-01-01', 12, 'MONTHLY'),
        rows.map((r) => r.expiry),
      );
    });
  }
});
