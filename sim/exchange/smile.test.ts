import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SMILE, smileVol } from './smile';

describe('smileVol', () => {
  test('returns the ATM vol at the money', () => {
    assert.equal(smileVol(0.14, 0), 0.14);
  });

  test('prices OTM puts dearer than OTM calls, and both wings above a mild skew', () => {
    const lowStrike = smileVol(0.14, Math.log(0.95));
    const highStrike = smileVol(0.14, Math.log(1.05));
    assert.ok(lowStrike > 0.14, `95% strike ${lowStrike}`);
    assert.ok(lowStrike > highStrike, `95% ${lowStrike} vs 105% ${highStrike}`);
    // The curvature turns the call wing back up far out.
    assert.ok(smileVol(0.14, Math.log(1.3)) > highStrike);
  });

  test('never drops below the floor', () => {
    const shape = { ...DEFAULT_SMILE, slope: -5, curvature: 0 };
    assert.equal(smileVol(0.2, 0.5, shape), 0.2 * shape.minRatio);
  });
});
