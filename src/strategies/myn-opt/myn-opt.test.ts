import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Candle } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import type { Intent, StrategyContext } from '../sdk';
import { mynOpt } from './myn-opt';
import { type MynOptParams, mynOptParams } from './params';

const DAY = '2026-12-03';
const id = 'NSE_INDEX:NIFTY' as InstrumentId;

function bar(hhmm: string, high: number, low: number, close: number): Candle {
  return {
    id,
    timeframeMin: 1,
    start: istInstant(DAY, hhmm),
    open: close as Paise,
    high: high as Paise,
    low: low as Paise,
    close: close as Paise,
    volume: 0,
  };
}

function harness(overrides: Partial<MynOptParams> = {}, entriesToday = 0) {
  const intents: Intent[] = [];
  const params = mynOptParams.parse(overrides);
  let entries = entriesToday;
  const ctx: StrategyContext<MynOptParams> = {
    settingId: 's',
    underlying: 'NIFTY',
    params,
    now: () => istInstant(DAY, '10:00'),
    entriesToday: () => entries,
    hasOpenPosition: () => false,
    emit: (i) => {
      intents.push(i);
      entries++;
    },
    log: () => undefined,
  };
  return { instance: mynOpt.create(ctx), intents };
}

/** 09:15–09:29 range between 2,398,000 and 2,402,000 paise (₹23,980–24,020). */
function feedRange(instance: ReturnType<typeof harness>['instance']) {
  for (let m = 15; m < 30; m++) instance.onCandle(bar(`09:${m}`, 2_402_000, 2_398_000, 2_400_000));
}

describe('MYN_OPT opening-range breakout', () => {
  test('buys an ATM CE on the first close above the range, once', () => {
    const { instance, intents } = harness();
    feedRange(instance);
    instance.onCandle(bar('09:30', 2_401_500, 2_399_000, 2_401_000)); // inside: nothing
    assert.equal(intents.length, 0);
    instance.onCandle(bar('09:31', 2_403_500, 2_401_000, 2_403_000)); // close above the high
    instance.onCandle(bar('09:32', 2_405_000, 2_403_000, 2_404_000)); // a second breakout: maxTrades 1
    assert.equal(intents.length, 1);
    const [i] = intents;
    assert.ok(i?.kind === 'ENTER');
    assert.equal(i.side, 'BUY');
    assert.deepEqual(i.leg, { kind: 'OPTION', optionType: 'CE', strike: 'ATM', skipExpiryDay: true });
    assert.equal(i.slPct, 30);
    assert.equal(i.targetPct, 60);
  });

  test('buys a PE on a close below the range', () => {
    const { instance, intents } = harness();
    feedRange(instance);
    instance.onCandle(bar('10:05', 2_398_500, 2_396_000, 2_397_000));
    assert.equal(intents[0]?.kind === 'ENTER' && intents[0].leg.kind === 'OPTION' && intents[0].leg.optionType, 'PE');
  });

  test('does not trade a range wider than maxRangePct, outside the entry window, or past maxTrades', () => {
    const wide = harness({ maxRangePct: 0.1 });
    feedRange(wide.instance);
    wide.instance.onCandle(bar('09:40', 2_404_000, 2_401_000, 2_403_000));
    assert.equal(wide.intents.length, 0, 'range 0.17% > 0.1%');

    const late = harness();
    feedRange(late.instance);
    late.instance.onCandle(bar('14:30', 2_404_000, 2_401_000, 2_403_000));
    assert.equal(late.intents.length, 0, 'a bar closing at 14:31 is past the 14:30 window');

    const done = harness({}, 1);
    feedRange(done.instance);
    done.instance.onCandle(bar('09:40', 2_404_000, 2_401_000, 2_403_000));
    assert.equal(done.intents.length, 0, 'already traded today (rebuilt after a restart)');
  });

  test('a target premium selects the strike by premium', () => {
    const { instance, intents } = harness({ targetPremiumPaise: 15_000 });
    feedRange(instance);
    instance.onCandle(bar('09:45', 2_404_000, 2_401_000, 2_403_000));
    assert.ok(intents[0]?.kind === 'ENTER');
    assert.deepEqual(intents[0].leg.kind === 'OPTION' && intents[0].leg.strike, { targetPremiumPaise: 15_000 });
  });

  test('rejects invalid parameters with a clear message', () => {
    assert.throws(() => mynOptParams.parse({ strike: 'OTMX' }), /ATM, ITMn or OTMn/);
    assert.throws(() => mynOptParams.parse({ squareOff: '25:00' }), /HH:MM/);
  });
});
