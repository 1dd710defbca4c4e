import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { SEGMENTS } from '#src/domain/instrument';
import { addDays, createTradingCalendar, istDate, istInstant, istMinutes, istWeekday, parseHolidayData } from './index';

const data = parseHolidayData(
  JSON.parse(readFileSync(new URL('../../../data/holidays.json', import.meta.url), 'utf8')),
);
const cal = createTradingCalendar(data);
const EXCHANGE = {
  NSE: 'NSE',
  NFO: 'NSE',
  NSE_INDEX: 'NSE',
  BSE: 'BSE',
  BFO: 'BSE',
  BSE_INDEX: 'BSE',
  MCX: 'MCX',
  MCX_INDEX: 'MCX',
};

const segment = fc.constantFrom(...SEGMENTS);
// Dates inside the data's coverage, with a margin so next/prev stay inside it too.
const date = fc.integer({ min: 7, max: 722 }).map((n) => addDays(data.coverage.from, n));

describe('trading-day arithmetic (property)', () => {
  test('next(prev(d)) and prev(next(d)) return a trading day d', () => {
    fc.assert(
      fc.property(segment, date, (seg, d) => {
        fc.pre(cal.isTradingDay(seg, d));
        assert.equal(cal.nextTradingDay(seg, cal.prevTradingDay(seg, d)), d);
        assert.equal(cal.prevTradingDay(seg, cal.nextTradingDay(seg, d)), d);
      }),
    );
  });

  test('no trading day lies strictly between prev(d) and next(d) other than d', () => {
    fc.assert(
      fc.property(segment, date, (seg, d) => {
        const prev = cal.prevTradingDay(seg, d);
        const next = cal.nextTradingDay(seg, d);
        assert.ok(prev < d && d < next);
        for (let x = addDays(prev, 1); x < next; x = addDays(x, 1)) {
          if (x !== d) assert.equal(cal.isTradingDay(seg, x), false, `${x} between ${prev} and ${next}`);
        }
      }),
    );
  });

  test('no weekend and no full-day holiday is ever a trading day', () => {
    fc.assert(
      fc.property(segment, date, (seg, d) => {
        const weekend = istWeekday(d) === 0 || istWeekday(d) === 6;
        const fullHoliday = data.holidays.some(
          (h) => h.date === d && h.exchange === EXCHANGE[seg] && h.closed === 'FULL',
        );
        if (weekend || fullHoliday) assert.equal(cal.isTradingDay(seg, d), false);
        else assert.equal(cal.isTradingDay(seg, d), true);
      }),
    );
  });

  test('addTradingDays and tradingDaysBetween agree', () => {
    fc.assert(
      fc.property(segment, date, fc.integer({ min: -5, max: 5 }), (seg, d, n) => {
        fc.pre(cal.isTradingDay(seg, d));
        const moved = cal.addTradingDays(seg, d, n);
        assert.equal(cal.tradingDaysBetween(seg, d, moved), n);
        assert.equal(cal.addTradingDays(seg, moved, -n), d);
      }),
    );
  });

  test('the square-off instant is always inside the session', () => {
    fc.assert(
      fc.property(segment, date, fc.integer({ min: 0, max: 900 }), (seg, d, minutes) => {
        const session = cal.session(seg, d);
        const at = cal.squareOffAt(seg, d, minutes);
        if (!session) return assert.equal(at, undefined);
        assert.ok(at !== undefined && at >= session.open && at < session.close, `${seg} ${d} −${minutes}m`);
        assert.equal(cal.isOpen(seg, at), true);
      }),
    );
  });

  test('isOpen holds exactly inside the day’s session, and minutesToClose only then', () => {
    fc.assert(
      fc.property(segment, date, fc.integer({ min: 0, max: 1439 }), (seg, d, minute) => {
        const t = istInstant(
          d,
          `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
        );
        const s = cal.session(seg, d);
        const inside = s !== undefined && t >= s.open && t < s.close;
        assert.equal(cal.isOpen(seg, t), inside);
        assert.equal(cal.minutesToClose(seg, t) !== undefined, inside);
        assert.ok(cal.nextOpen(seg, t) >= t);
      }),
    );
  });

  test('IST date and minutes round-trip through istInstant', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 1439 }), (d, minute) => {
        const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const t = istInstant(d, hhmm);
        assert.equal(istDate(t), d);
        assert.equal(istMinutes(t), minute);
      }),
    );
  });
});
