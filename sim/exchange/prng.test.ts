import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSeededRandom } from './prng';

const draw = (seed: number, n: number) => {
  const r = createSeededRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createSeededRandom', () => {
  test('gives the same sequence for the same seed and a different one for another seed', () => {
    assert.deepEqual(draw(42, 100), draw(42, 100));
    assert.notDeepEqual(draw(42, 100), draw(43, 100));
  });

  test('draws uniforms in [0, 1) with a mean near one half', () => {
    const xs = draw(7, 100_000);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    // Standard error of the mean is sqrt(1/12/1e5) ≈ 0.0009; 0.005 is over five of them.
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  });

  test('draws standard normals: mean 0, variance 1, symmetric tails', () => {
    const r = createSeededRandom(11);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    let beyond196 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 1.96) beyond196++;
    }
    const mean = sum / n;
    assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
    assert.ok(Math.abs(sumSq / n - mean * mean - 1) < 0.02, `variance ${sumSq / n}`);
    // 5% of a standard normal lies beyond ±1.96.
    assert.ok(Math.abs(beyond196 / n - 0.05) < 0.003, `tail share ${beyond196 / n}`);
  });

  test('draws integers over the whole inclusive range and nothing outside it', () => {
    const r = createSeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(2, 5));
    assert.deepEqual([...seen].sort(), [2, 3, 4, 5]);
  });

  test('rejects a seed that is not an integer', () => {
    assert.throws(() => createSeededRandom(1.5), /seed must be a safe integer/);
    assert.throws(() => createSeededRandom(Number.NaN), /seed must be a safe integer/);
  });
});
