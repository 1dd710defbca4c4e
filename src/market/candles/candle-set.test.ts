import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTickCsv } from '#sim/exchange';
import { istInstant } from '#src/domain/calendar';
import type { Candle } from '#src/domain/market/tick';
import { createCandleSet } from './candle-set';

const ticks = parseTickCsv(readFileSync(new URL('./fixtures/known-ticks.csv', import.meta.url), 'utf8'));
const NIFTY = 'NSE_INDEX:NIFTY';
const CRUDE = 'MCX:CRUDEOIL:2026-12-18:FUT';

/** A hand-computed bar: IST start, rupee prices, volume in units. */
const bar = (id: string, tf: number, hhmmss: string, o: number, h: number, l: number, c: number, v = 0) => ({
  id,
  timeframeMin: tf,
  start: istInstant('2026-12-01', hhmmss.slice(0, 5)) + Number(hhmmss.slice(6) || 0) * 1000,
  open: o * 100,
  high: h * 100,
  low: l * 100,
  close: c * 100,
  volume: v,
});

// Worked by hand from fixtures/known-ticks.csv (file order = arrival order):
// - NIFTY 09:15:58 arrives after 09:16:01 but within the 2 s grace: it amends the 09:15 bar (new high and, being
//   the latest tick of that bar, its close).
// - NIFTY 09:16:30 arrives after 09:17:45: too late for the emitted 1-minute 09:16 bar (dropped, counted), but
//   the 3/5/15-minute bars are still open, so it raises their high without changing their close.
// - Volume is cumulative for the day: a bar's volume is the growth over the bar, the first tick seen being the base.
const EXPECTED = [
  bar(NIFTY, 1, '09:15', 24000, 24020, 24000, 24020),
  bar(NIFTY, 1, '09:16', 23995, 23995, 23995, 23995),
  bar(NIFTY, 1, '09:17', 23990, 23990, 23990, 23990),
  bar(NIFTY, 1, '09:18', 24005, 24005, 24005, 24005),
  bar(NIFTY, 1, '09:20', 24040, 24040, 24040, 24040),
  bar(NIFTY, 1, '09:29', 24050, 24050, 24050, 24050),
  bar(NIFTY, 1, '09:30', 24060, 24060, 24060, 24060),
  bar(NIFTY, 3, '09:15', 24000, 24030, 23990, 23990),
  bar(NIFTY, 3, '09:18', 24005, 24040, 24005, 24040),
  bar(NIFTY, 3, '09:27', 24050, 24050, 24050, 24050),
  bar(NIFTY, 3, '09:30', 24060, 24060, 24060, 24060),
  bar(NIFTY, 5, '09:15', 24000, 24030, 23990, 24005),
  bar(NIFTY, 5, '09:20', 24040, 24040, 24040, 24040),
  bar(NIFTY, 5, '09:25', 24050, 24050, 24050, 24050),
  bar(NIFTY, 5, '09:30', 24060, 24060, 24060, 24060),
  bar(NIFTY, 15, '09:15', 24000, 24050, 23990, 24050),
  bar(NIFTY, 15, '09:30', 24060, 24060, 24060, 24060),
  bar(CRUDE, 1, '09:15', 5500, 5510, 5500, 5510, 200),
  bar(CRUDE, 1, '09:16', 5490, 5490, 5490, 5490, 300),
  bar(CRUDE, 1, '09:19', 5520, 5520, 5520, 5520, 400),
  bar(CRUDE, 3, '09:15', 5500, 5510, 5490, 5490, 500),
  bar(CRUDE, 3, '09:18', 5520, 5520, 5520, 5520, 400),
  bar(CRUDE, 5, '09:15', 5500, 5520, 5490, 5520, 900),
  bar(CRUDE, 15, '09:15', 5500, 5520, 5490, 5520, 900),
];

const order = (a: Candle | (typeof EXPECTED)[number], b: Candle | (typeof EXPECTED)[number]) =>
  a.id.localeCompare(b.id) || a.timeframeMin - b.timeframeMin || a.start - b.start;

test('candles built from a known tick file equal hand-computed 1/3/5/15-minute OHLCV', () => {
  const set = createCandleSet({ graceMs: 2_000 });
  const emitted: Candle[] = [];
  for (const t of ticks) emitted.push(...set.onTicks([t]));
  emitted.push(...set.flush(istInstant('2026-12-01', '10:00')));
  assert.deepEqual(emitted.map((c) => ({ ...c })).sort(order), [...EXPECTED].sort(order));
  assert.equal(set.lateTicks(), 1, 'only the 1-minute builder saw the 09:16:30 tick too late');
});

test('a bar is emitted once, only after its grace, and the partial bar is readable meanwhile', () => {
  const set = createCandleSet({ timeframes: [1], graceMs: 2_000 });
  const [first, second] = ticks;
  assert.deepEqual(set.onTicks([first!, second!]), []);
  assert.equal(set.current(first!.id, 1)?.close, 2_400_000);
  assert.deepEqual(set.flush(istInstant('2026-12-01', '09:16') + 1_999), []);
  const closed = set.flush(istInstant('2026-12-01', '09:16') + 2_000);
  assert.equal(closed.length, 2);
  assert.deepEqual(set.flush(istInstant('2026-12-01', '09:20')), []);
  assert.deepEqual(set.onTicks([first!]), [], 'a tick of an emitted bar never reopens it');
  assert.equal(set.lateTicks(), 1);
});
