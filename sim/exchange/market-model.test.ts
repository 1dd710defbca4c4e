import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument';
import { createMarketModel } from './market-model';
import { DEFAULT_SMILE } from './smile';
import type { SimUnderlying } from './types';

const OPEN = Date.UTC(2026, 10, 27, 3, 45); // 09:15 IST
const underlying = (symbol: string, chainWidth: number, strikeStep = 50): SimUnderlying => ({
  symbol,
  indexId: `NSE_INDEX:${symbol}` as InstrumentId,
  derivativesSegment: 'NFO',
  spotPaise: 24_010_00,
  annualVol: 0.14,
  strikeStep,
  expiry: () => '2026-12-01',
  chainWidth,
});
const model = (underlyings: SimUnderlying[]) =>
  createMarketModel({ underlyings, seed: 1, nowMs: OPEN, spreadTicks: 1, rate: 0.06, smile: DEFAULT_SMILE });

/** Mean ms per step over `steps` one-second steps, after a warm-up so the JIT has compiled the loop. */
function meanStepMs(m: ReturnType<typeof model>, steps: number): { ms: number; ticks: number } {
  for (let i = 1; i <= 200; i++) m.step(OPEN + i * 1000);
  const from = OPEN + 200 * 1000;
  let ticks = 0;
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) ticks += m.step(from + i * 1000).length;
  return { ms: (performance.now() - t0) / steps, ticks: ticks / steps };
}

describe('market model cost', () => {
  // Bounds are loose (shared CI machines); the measured figures are printed as diagnostics.
  test('prices a 43-instrument cycle well under a millisecond', (t) => {
    const { ms, ticks } = meanStepMs(model([underlying('NIFTY', 10)]), 5000);
    t.diagnostic(`${ticks} instruments: ${(ms * 1000).toFixed(1)} µs per cycle`);
    // 43 at the start; a strike pair joins whenever the walk crosses into new territory.
    assert.ok(ticks >= 43 && ticks < 60, `${ticks} instruments`);
    assert.ok(ms < 0.5, `${ms} ms per cycle`);
  });

  test('prices a 2,000-instrument cycle in a few milliseconds at most', (t) => {
    const { ms, ticks } = meanStepMs(model([underlying('NIFTY', 499, 10), underlying('SENSEX', 0)]), 500);
    t.diagnostic(`${ticks} instruments: ${ms.toFixed(3)} ms per cycle`);
    assert.ok(ticks >= 2000);
    assert.ok(ms < 10, `${ms} ms per cycle`);
  });
});
