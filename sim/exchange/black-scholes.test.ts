import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { blackScholes, blackScholesDelta, blackScholesPrice, normalCdf } from './black-scholes';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

describe('normalCdf', () => {
  test('matches table values', () => {
    close(normalCdf(0), 0.5, 1e-7, 'N(0)');
    close(normalCdf(1.96), 0.9750021, 1e-6, 'N(1.96)');
    close(normalCdf(-1), 0.1586553, 1e-6, 'N(-1)');
    close(normalCdf(3), 0.9986501, 1e-6, 'N(3)');
  });
});

describe('blackScholes', () => {
  test('prices the at-the-money textbook case by hand', () => {
    // S=100, K=100, T=1, r=5%, σ=20%:
    //   d1 = (ln 1 + (0.05 + 0.02)·1) / 0.2 = 0.35, d2 = 0.15
    //   N(0.35) = 0.636831, N(0.15) = 0.559618, e^-0.05 = 0.951229
    //   C = 100·0.636831 − 95.1229·0.559618 = 63.6831 − 53.2325 = 10.4506
    //   P = C − S + K·e^-rT = 10.4506 − 100 + 95.1229 = 5.5735
    //   Δcall = N(d1) = 0.6368, Δput = N(d1) − 1 = −0.3632
    const r = blackScholes({ spot: 100, strike: 100, years: 1, vol: 0.2, rate: 0.05 });
    close(r.call, 10.4506, 1e-3, 'call');
    close(r.put, 5.5735, 1e-3, 'put');
    close(r.callDelta, 0.6368, 1e-4, 'call delta');
    close(r.putDelta, -0.3632, 1e-4, 'put delta');
  });

  test('prices an in-the-money call by hand', () => {
    // S=42, K=40, T=0.5, r=10%, σ=20%:
    //   σ√T = 0.141421; d1 = (ln 1.05 + 0.12·0.5) / 0.141421 = (0.048790 + 0.06) / 0.141421 = 0.769263
    //   d2 = 0.627841; N(d1) = 0.779131, N(d2) = 0.734939; K·e^-0.05 = 38.049177
    //   C = 42·0.779131 − 38.049177·0.734939 = 32.723502 − 27.963827 = 4.7597
    //   P = 4.7597 − 42 + 38.0492 = 0.8089
    const input = { spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 };
    close(blackScholesPrice({ ...input, optionType: 'CE' }), 4.7597, 1e-3, 'call');
    close(blackScholesPrice({ ...input, optionType: 'PE' }), 0.8089, 1e-3, 'put');
    close(blackScholesDelta({ ...input, optionType: 'CE' }), 0.7791, 1e-4, 'call delta');
  });

  test('satisfies put-call parity C − P = S − K·e^(−rT) across spots, strikes, vols and tenors', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1000, max: 5_000_000, noNaN: true }),
        fc.double({ min: 0.7, max: 1.3, noNaN: true }),
        fc.double({ min: 0.05, max: 0.8, noNaN: true }),
        fc.double({ min: 0.0005, max: 2, noNaN: true }),
        (spot, moneyness, vol, years) => {
          const strike = spot * moneyness;
          const rate = 0.06;
          const r = blackScholes({ spot, strike, years, vol, rate });
          const parity = spot - strike * Math.exp(-rate * years);
          // Both legs are clamped at zero only where the CDF approximation (7.5e-8·S) could dip below.
          close(r.call - r.put, parity, spot * 1e-6, 'C − P');
          assert.ok(r.call >= 0 && r.put >= 0);
          assert.ok(r.callDelta >= 0 && r.callDelta <= 1 && r.putDelta >= -1 && r.putDelta <= 0);
        },
      ),
    );
  });

  test('reports a delta that matches the slope of the price', () => {
    const base = { strike: 24_000_00, years: 5 / 365, vol: 0.14, rate: 0.06 };
    for (const spot of [23_500_00, 24_000_00, 24_600_00]) {
      const h = 100; // one rupee
      const up = blackScholes({ ...base, spot: spot + h });
      const down = blackScholes({ ...base, spot: spot - h });
      const at = blackScholes({ ...base, spot });
      close(at.callDelta, (up.call - down.call) / (2 * h), 1e-3, `call delta at ${spot}`);
      close(at.putDelta, (up.put - down.put) / (2 * h), 1e-3, `put delta at ${spot}`);
    }
  });

  test('prices an expired option at intrinsic value', () => {
    const r = blackScholes({ spot: 105, strike: 100, years: 0, vol: 0.2, rate: 0.05 });
    assert.deepEqual(r, { call: 5, put: 0, callDelta: 1, putDelta: 0 });
    const otm = blackScholes({ spot: 95, strike: 100, years: -1, vol: 0.2, rate: 0.05 });
    assert.deepEqual(otm, { call: 0, put: 5, callDelta: 0, putDelta: -1 });
  });

  test('writes into the object it is given', () => {
    const out = { call: 0, put: 0, callDelta: 0, putDelta: 0 };
    const returned = blackScholes({ spot: 100, strike: 100, years: 1, vol: 0.2, rate: 0.05 }, out);
    assert.equal(returned, out);
    assert.ok(out.call > 10);
  });
});
