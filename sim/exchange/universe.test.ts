import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import { parseInstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import { loadMarketReference } from '#src/market';
import { createVirtualClock } from '#src/platform/clock';
import { createSimExchange } from './sim-exchange';
import { buildSimUniverse, simFutureExpiry } from './universe';

const market = loadMarketReference();

function run(startIst: string, date: string, profile: 'demo' | 'full' = 'demo') {
  const clock = createVirtualClock(istInstant(date, startIst));
  const universe = buildSimUniverse({ ...market, profile });
  const batches: Tick[][] = [];
  const exchange = createSimExchange({
    clock,
    seed: 11,
    tickIntervalMs: 1000,
    isOpen: (t, segment) => market.calendar.isOpen(segment, t),
    underlyings: universe.underlyings,
    futures: universe.futures,
    onTicks: (ticks) => {
      batches.push(ticks);
    },
  });
  exchange.start();
  return { clock, batches, exchange };
}

const symbolsOf = (ticks: readonly Tick[]) => new Set(ticks.map((t) => parseInstrumentId(t.id).symbol));

describe('simulated universe', () => {
  test('quotes all five index chains and four MCX futures while both sessions are open', async () => {
    const { clock, batches, exchange } = run('10:00', '2026-11-27');
    await clock.advanceBy(3_000);
    exchange.stop();
    const last = batches.at(-1) ?? [];
    const symbols = symbolsOf(last);
    for (const s of [
      'NIFTY',
      'BANKNIFTY',
      'FINNIFTY',
      'MIDCPNIFTY',
      'SENSEX',
      'CRUDEOIL',
      'NATURALGAS',
      'GOLDM',
      'SILVERM',
    ])
      assert.ok(symbols.has(s), `missing ${s}`);
    const segments = new Set(last.map((t) => parseInstrumentId(t.id).segment));
    assert.deepEqual([...segments].sort(), ['BFO', 'BSE_INDEX', 'MCX', 'NFO', 'NSE_INDEX']);
    const crude = last.find((t) => t.id.startsWith('MCX:CRUDEOIL:'));
    assert.ok(crude && crude.ltp % 100 === 0, 'CRUDEOIL trades in whole rupees');
  });

  test('only MCX ticks in the evening, after the equity F&O close', async () => {
    const { clock, batches, exchange } = run('19:00', '2026-11-27');
    await clock.advanceBy(3_000);
    exchange.stop();
    assert.ok(batches.length >= 2);
    for (const b of batches) assert.deepEqual([...new Set(b.map((t) => parseInstrumentId(t.id).segment))], ['MCX']);
  });

  test('the full profile quotes about two thousand instruments', () => {
    const { exchange } = run('10:00', '2026-11-27', 'full');
    assert.ok(exchange.instruments().length >= 2_000, `got ${exchange.instruments().length}`);
  });

  test('near-month MCX expiry moves to the next month once passed and never falls on a non-trading day', () => {
    const { calendar } = market;
    assert.equal(simFutureExpiry(calendar, 19, istInstant('2026-11-10', '10:00')), '2026-11-19');
    assert.equal(simFutureExpiry(calendar, 19, istInstant('2026-11-20', '10:00')), '2026-12-18');
    for (const day of [5, 19, 26, 0]) {
      const e = simFutureExpiry(calendar, day, istInstant('2026-11-27', '10:00'));
      assert.ok(calendar.isTradingDay('MCX', e), `${day} → ${e}`);
    }
  });
});
