import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createCandleBuilder } from './candle-builder';

const id = 'NSE_INDEX:NIFTY' as InstrumentId;
const T0 = Date.UTC(2026, 11, 1, 3, 45); // 09:15 IST
const tick = (sec: number, ltp: number, volume = 0): Tick => ({
  id,
  ltp: ltp as Paise,
  bid: ltp as Paise,
  ask: ltp as Paise,
  volume,
  ts: T0 + sec * 1000,
});

test('without grace, a tick of the next bar closes the bar, and late ticks are dropped', () => {
  const b = createCandleBuilder(1);
  const ticks = [tick(0, 100, 10), tick(20, 105, 15), tick(40, 98, 20), tick(59, 101, 22)];
  for (const t of ticks) assert.deepEqual(b.onTick(t), []);
  const closed = b.onTick(tick(61, 102, 30));
  assert.deepEqual(closed, [{ id, timeframeMin: 1, start: T0, open: 100, high: 105, low: 98, close: 101, volume: 12 }]);
  assert.deepEqual(b.onTick(tick(30, 500)), [], 'a tick of a closed bar does not reopen it');
  assert.equal(b.lateTicks, 1);
  const flushed = b.flush(T0 + 120_000);
  assert.equal(flushed.length, 1);
  assert.equal(flushed[0]?.start, T0 + 60_000);
  assert.equal(flushed[0]?.close, 102);
  assert.equal(flushed[0]?.volume, 8);
});

test('5-minute bars start on IST 5-minute boundaries', () => {
  const b = createCandleBuilder(5);
  b.onTick(tick(0, 100));
  const [c] = b.flush(T0 + 5 * 60_000);
  assert.equal(c?.start, T0);
});

test('a new day restarts cumulative volume without a negative bar', () => {
  const b = createCandleBuilder(1);
  b.onTick(tick(0, 100, 500));
  b.onTick(tick(30, 100, 900));
  const [c] = b.onTick(tick(86_400, 110, 40));
  assert.equal(c?.volume, 400);
  const [next] = b.flush(T0 + 86_400_000 + 60_000);
  assert.equal(next?.volume, 40);
});
