import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createIndexWalk, intradayVolMultiplier, TRADING_MS_PER_YEAR } from './index-walk';
import { createSeededRandom } from './prng';

/** Epoch ms of an IST wall time on 2026-11-27 (a Friday). */
const ist = (hh: number, mm: number) => Date.UTC(2026, 10, 27, hh, mm) - 5.5 * 3_600_000;
const MINUTE = 60_000;

describe('intradayVolMultiplier', () => {
  test('is highest after the open, raised in the last hour and lowest at lunch', () => {
    const open = intradayVolMultiplier(ist(9, 20));
    const morning = intradayVolMultiplier(ist(11, 0));
    const lunch = intradayVolMultiplier(ist(12, 45));
    const lastHour = intradayVolMultiplier(ist(15, 0));
    assert.ok(open > lastHour && lastHour > morning && morning > lunch, `${open} ${lastHour} ${morning} ${lunch}`);
  });

  test('averages to one in variance over the 09:15–15:30 session', () => {
    let sum = 0;
    for (let m = 0; m < 375; m++) sum += intradayVolMultiplier(ist(9, 15) + (m + 0.5) * MINUTE) ** 2;
    assert.ok(Math.abs(sum / 375 - 1) < 1e-9, `mean variance multiplier ${sum / 375}`);
  });
});

describe('createIndexWalk', () => {
  test('leaves the level alone when no time passes', () => {
    const walk = createIndexWalk({ annualVol: 0.14, random: createSeededRandom(1) });
    assert.equal(walk.step(24_000_00, 0, ist(10, 0)), 24_000_00);
  });

  test('realises the annual vol over a year of one-minute steps', () => {
    const walk = createIndexWalk({ annualVol: 0.14, random: createSeededRandom(5) });
    let spot = 24_000_00;
    let sumSq = 0;
    for (let day = 0; day < 252; day++) {
      for (let m = 0; m < 375; m++) {
        const next = walk.step(spot, MINUTE, ist(9, 15) + (m + 1) * MINUTE);
        sumSq += Math.log(next / spot) ** 2;
        spot = next;
      }
    }
    // One year of trading minutes: realised variance ≈ σ². 94,500 draws put its standard error under 1%.
    const realised = Math.sqrt(sumSq * (TRADING_MS_PER_YEAR / (252 * 375 * MINUTE)));
    assert.ok(Math.abs(realised - 0.14) < 0.005, `realised vol ${realised}`);
  });

  test('moves more per minute in the opening half hour than at lunch', () => {
    const walk = createIndexWalk({ annualVol: 0.14, random: createSeededRandom(9) });
    const rms = (at: number) => {
      let sumSq = 0;
      for (let i = 0; i < 20_000; i++) sumSq += Math.log(walk.step(1e6, MINUTE, at) / 1e6) ** 2;
      return Math.sqrt(sumSq / 20_000);
    };
    const ratio = rms(ist(9, 20)) / rms(ist(12, 30));
    assert.ok(Math.abs(ratio - 1.6 / 0.7) < 0.1, `open/lunch ratio ${ratio}`);
  });

  test('rejects a negative vol', () => {
    assert.throws(() => createIndexWalk({ annualVol: -0.1, random: createSeededRandom(1) }), /annualVol/);
  });
});
