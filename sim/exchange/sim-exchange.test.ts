import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import { createVirtualClock, type VirtualClock } from '#src/platform/clock';
import { expiryCloseMs } from './ist-time';
import { createSimExchange, type SimExchangeOptions } from './sim-exchange';
import type { SimUnderlying } from './types';

const IST_MS = 5.5 * 3_600_000;
/** Epoch ms of an IST wall time in Nov/Dec 2026 (month 10 = November). */
const ist = (month: number, d: number, hh: number, mm: number) => Date.UTC(2026, month, d, hh, mm) - IST_MS;
const NOV = 10;
const DEC = 11;
/** 09:15–15:30 IST, every day (tests pick weekdays). */
const isOpen = (ms: number) => {
  const minute = ((((ms + IST_MS) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000;
  return minute >= 9 * 60 + 15 && minute <= 15 * 60 + 30;
};
const NIFTY: SimUnderlying = {
  symbol: 'NIFTY',
  indexId: 'NSE_INDEX:NIFTY' as InstrumentId,
  derivativesSegment: 'NFO',
  spotPaise: 24_010_00,
  annualVol: 0.14,
  strikeStep: 50,
  expiry: () => '2026-12-01',
  lotSize: 65,
};

function setup(over: Partial<SimExchangeOptions> = {}, start = ist(NOV, 27, 9, 15)) {
  const clock = createVirtualClock(start);
  const batches: Tick[][] = [];
  const exchange = createSimExchange({
    clock,
    seed: 2026,
    underlyings: [NIFTY],
    tickIntervalMs: 1000,
    isOpen,
    onTicks: (ticks) => {
      batches.push(ticks);
    },
    ...over,
  });
  return { clock, exchange, batches };
}

async function advanceSeconds(clock: VirtualClock, seconds: number) {
  await clock.advanceBy(seconds * 1000);
}

describe('createSimExchange', () => {
  test('emits one batch per cycle: the index tick, then 42 options with bid ≤ ltp ≤ ask on the tick grid', async () => {
    const { clock, exchange, batches } = setup();
    exchange.start();
    await advanceSeconds(clock, 5);
    assert.equal(batches.length, 5);
    for (const batch of batches) {
      const [index, ...options] = batch;
      assert.equal(index?.id, 'NSE_INDEX:NIFTY');
      assert.ok(index && index.bid === index.ltp && index.ask === index.ltp);
      assert.equal(options.length, 42);
      for (const t of options) {
        assert.ok(t.bid >= 5 && t.bid <= t.ltp && t.ltp <= t.ask && t.ask - t.bid <= 10, JSON.stringify(t));
        assert.ok(t.ltp % 5 === 0 && t.bid % 5 === 0 && t.ask % 5 === 0);
        assert.equal(t.ts, clock.now() - (batches.length - batches.indexOf(batch) - 1) * 1000);
      }
    }
    exchange.stop();
  });

  test('gives identical ticks for the same seed and clock times, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const { clock, exchange, batches } = setup({ seed });
      exchange.start();
      await advanceSeconds(clock, 30);
      await clock.advanceBy(2500);
      exchange.stop();
      return batches;
    };
    const a = await run(7);
    const b = await run(7);
    assert.equal(a.length, 32);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, await run(8));
  });

  test('emits nothing outside the session and nothing after stop', async () => {
    const { clock, exchange, batches } = setup({}, ist(NOV, 27, 9, 10));
    exchange.start();
    await clock.advanceTo(ist(NOV, 27, 9, 15) - 1);
    assert.equal(batches.length, 0, 'pre-open');
    await clock.advanceTo(ist(NOV, 27, 9, 15) + 10_000);
    assert.ok(batches.length >= 10 && batches.length <= 11, `${batches.length} batches in the first 10 s`);
    assert.ok(batches.every((b) => isOpen(b[0]!.ts)));
    await clock.advanceTo(ist(NOV, 27, 15, 29));
    const atClose = batches.length;
    await clock.advanceTo(ist(NOV, 27, 16, 0));
    assert.equal(batches.length, atClose + 60, 'ticks until 15:30:00 inclusive, none after');
    exchange.stop();
    await clock.advanceTo(ist(NOV, 30, 10, 0));
    assert.equal(batches.length, atClose + 60, 'stopped');
  });

  test('grows each option volume monotonically in whole lots through the day', async () => {
    const { clock, exchange, batches } = setup();
    exchange.start();
    await advanceSeconds(clock, 60);
    const last = new Map<string, number>();
    for (const t of batches.flat()) {
      const prev = last.get(t.id) ?? 0;
      assert.ok(t.volume >= prev, `${t.id} volume fell from ${prev} to ${t.volume}`);
      assert.equal(t.volume % 65, 0);
      last.set(t.id, t.volume);
    }
    const atm = last.get('NFO:NIFTY:2026-12-01:CE:24000') ?? 0;
    assert.ok(atm > 0, 'the ATM call traded');
    exchange.stop();
  });

  test('starts the day with fresh volume', async () => {
    const { clock, exchange } = setup({ tickIntervalMs: 60_000 }, ist(NOV, 27, 15, 20));
    const id = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;
    exchange.start();
    await clock.advanceTo(ist(NOV, 27, 15, 30));
    const evening = exchange.quote(id)!.volume;
    await clock.advanceTo(ist(NOV, 30, 9, 16));
    assert.ok(evening > 0);
    assert.ok(exchange.quote(id)!.volume < evening, 'volume restarted on the new day');
    exchange.stop();
  });

  test('re-centres on a breakout and keeps quoting the strikes it quoted before', async () => {
    const { clock, exchange, batches } = setup();
    exchange.start();
    await advanceSeconds(clock, 1);
    const before = new Set(batches[0]!.map((t) => t.id));
    exchange.setSpot('NIFTY', 24_600_00);
    await advanceSeconds(clock, 1);
    const after = batches[1]!.map((t) => t.id);
    for (const id of before) assert.ok(after.includes(id), `${id} stopped ticking`);
    // ATM moved by 12 strikes: 12 new strikes × 2 options on top of the 42 old ones.
    assert.ok(after.includes('NFO:NIFTY:2026-12-01:CE:25100' as InstrumentId));
    assert.equal(after.length, 1 + 42 + 2 * 12);
    assert.deepEqual(new Set(exchange.instruments()), new Set(after));
    const index = exchange.quote('NSE_INDEX:NIFTY' as InstrumentId)!;
    assert.ok(Math.abs(index.ltp - 24_600_00) < 24_600_00 * 0.002, `index ${index.ltp}`);
    exchange.stop();
  });

  test('lists its instruments before the first tick and snapshots the latest tick of each', async () => {
    const { clock, exchange, batches } = setup();
    assert.equal(exchange.instruments().length, 43);
    assert.deepEqual(exchange.snapshot(), []);
    exchange.start();
    await advanceSeconds(clock, 3);
    const latest = batches[2]!;
    assert.deepEqual(new Set(exchange.snapshot()), new Set(latest));
    assert.equal(exchange.quote(latest[5]!.id), latest[5]);
    exchange.stop();
  });

  test('rolls to the next expiry and drops the expired chain after its close', async () => {
    const rollAt = expiryCloseMs('2026-12-01');
    const expiry = (ms: number) => (ms <= rollAt ? '2026-12-01' : '2026-12-08');
    const { clock, exchange, batches } = setup(
      { underlyings: [{ ...NIFTY, expiry }], tickIntervalMs: 60_000 },
      ist(DEC, 1, 15, 29),
    );
    exchange.start();
    await clock.advanceTo(ist(DEC, 1, 15, 30));
    assert.ok(
      batches.at(-1)!.some((t) => t.id.includes(':2026-12-01:')),
      'expiring chain still ticks at 15:30',
    );
    await clock.advanceTo(ist(DEC, 2, 9, 16));
    const nextDay = batches.at(-1)!;
    assert.ok(!nextDay.some((t) => t.id.includes(':2026-12-01:')), 'expired chain gone');
    assert.equal(nextDay.filter((t) => t.id.includes(':2026-12-08:')).length, 42);
    assert.ok(!exchange.instruments().some((id) => id.includes(':2026-12-01:')));
    exchange.stop();
  });

  test('skips cycles while an async consumer is busy, then resumes', async () => {
    let release: () => void = () => {};
    const calls: number[] = [];
    const { clock, exchange } = setup({
      onTicks: (ticks) => {
        calls.push(ticks[0]!.ts);
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    exchange.start();
    await advanceSeconds(clock, 5);
    assert.equal(calls.length, 1, 'no overlapping batches');
    release();
    await new Promise((resolve) => setImmediate(resolve));
    await advanceSeconds(clock, 1);
    assert.equal(calls.length, 2);
    exchange.stop();
  });

  test('hands consumer errors to onError', async () => {
    const errors: unknown[] = [];
    const { clock, exchange } = setup({
      onTicks: () => Promise.reject(new Error('bus down')),
      onError: (e) => errors.push(e),
    });
    exchange.start();
    await advanceSeconds(clock, 2);
    assert.equal(errors.length, 2);
    assert.match(String(errors[0]), /bus down/);
    exchange.stop();
  });

  test('rejects an unknown symbol and bad options with a clear message', () => {
    const { exchange } = setup();
    assert.throws(() => exchange.setSpot('BANKNIFTY', 50_000_00), /unknown underlying "BANKNIFTY"/);
    assert.throws(() => setup({ tickIntervalMs: 0 }), /tickIntervalMs/);
    assert.throws(() => setup({ underlyings: [{ ...NIFTY, strikeStep: 0 }] }), /strikeStep/);
  });
});
