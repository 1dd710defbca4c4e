import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseInstrumentId } from '#src/domain/instrument';
import { expiryCloseMs } from './ist-time';
import { atmStrike, buildOptionChain, chainStrikes, toOptionPrice, yearsToExpiry } from './option-chain';

const ist = (d: number, hh: number, mm: number) => Date.UTC(2026, 10, d, hh, mm) - 5.5 * 3_600_000;

describe('strikes', () => {
  test('rounds the spot to the nearest strike', () => {
    assert.equal(atmStrike(24_123_45, 50), 24_100);
    assert.equal(atmStrike(24_125_00, 50), 24_150);
    assert.equal(atmStrike(80_049_99, 100), 80_000);
  });

  test('lists ATM ± width strikes in order', () => {
    const strikes = chainStrikes(24_123_45, 50, 2);
    assert.deepEqual(strikes, [24_000, 24_050, 24_100, 24_150, 24_200]);
    assert.equal(chainStrikes(24_123_45, 50).length, 21);
  });
});

describe('expiry time', () => {
  test('counts to the IST close of the expiry day: 15:30 before 2026-08-03, 15:40 from then', () => {
    assert.equal(new Date(expiryCloseMs('2026-07-28')).toISOString(), '2026-07-28T10:00:00.000Z');
    assert.equal(new Date(expiryCloseMs('2026-12-01')).toISOString(), '2026-12-01T10:10:00.000Z');
  });

  test('rejects a malformed expiry', () => {
    assert.throws(() => expiryCloseMs('01-12-2026'), /YYYY-MM-DD/);
  });

  test('measures time to expiry in calendar years and never below zero', () => {
    const close = expiryCloseMs('2026-12-01');
    assert.equal(yearsToExpiry(close - 365 * 86_400_000, close), 1);
    assert.equal(yearsToExpiry(close + 1, close), 0);
  });
});

describe('toOptionPrice', () => {
  test('rounds to the 5-paise tick and floors at one tick', () => {
    assert.equal(toOptionPrice(1234.4), 1235);
    assert.equal(toOptionPrice(1232.4), 1230);
    assert.equal(toOptionPrice(0.3), 5);
    assert.equal(toOptionPrice(0), 5);
  });
});

describe('buildOptionChain', () => {
  const chain = buildOptionChain({
    symbol: 'NIFTY',
    segment: 'NFO',
    expiry: '2026-12-01',
    spotPaise: 24_010_00,
    strikeStep: 50,
    nowMs: ist(27, 10, 0),
    atmVol: 0.14,
  });

  test('quotes a CE and a PE for each of 21 strikes, with well-formed ids', () => {
    assert.equal(chain.length, 42);
    for (const row of chain) {
      const parsed = parseInstrumentId(row.id);
      assert.equal(parsed.kind, 'OPT');
      assert.ok(parsed.kind === 'OPT' && parsed.strike === row.strike && parsed.optionType === row.optionType);
    }
    assert.equal(chain[0]?.id, 'NFO:NIFTY:2026-12-01:CE:23500');
    assert.equal(chain[41]?.id, 'NFO:NIFTY:2026-12-01:PE:24500');
  });

  test('prices on the tick grid, calls falling and puts rising with the strike', () => {
    const calls = chain.filter((r) => r.optionType === 'CE').map((r) => r.price);
    const puts = chain.filter((r) => r.optionType === 'PE').map((r) => r.price);
    for (const p of [...calls, ...puts]) assert.ok(p >= 5 && p % 5 === 0, `price ${p}`);
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i]! <= calls[i - 1]! && puts[i]! >= puts[i - 1]!);
  });

  test('prices the near-ATM straddle like a 4-day, 14% vol index option', () => {
    // Straddle ≈ 0.8·S·σ·√T: 24,010 × 0.8 × 0.14 × √(4.25/365) ≈ ₹290. The 24,000 strike is ₹10 ITM for the call.
    const atCall = chain.find((r) => r.id === 'NFO:NIFTY:2026-12-01:CE:24000')!;
    const atPut = chain.find((r) => r.id === 'NFO:NIFTY:2026-12-01:PE:24000')!;
    const straddle = (atCall.price + atPut.price) / 100;
    assert.ok(straddle > 260 && straddle < 320, `straddle ₹${straddle}`);
    assert.ok(atCall.price > atPut.price);
    assert.ok(Math.abs(atCall.delta - 0.5) < 0.1 && Math.abs(atPut.delta + 0.5) < 0.1);
  });
});
