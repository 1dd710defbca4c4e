import { istDate, istMinutes } from '#src/domain/calendar';
import type { StrikeSelector } from '#src/domain/instrument/strikes';
import type { Candle } from '#src/domain/market/tick';
import type { Strategy, StrategyContext, StrategyInstance } from '../sdk';
import { type MynOptParams, mynOptParams } from './params';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

interface DayState {
  day: string;
  high: number;
  low: number;
  rangeBars: number;
}

/**
 * MYN_OPT — index options, opening-range breakout, intraday. The high/low of the first `rangeMinutes` from
 * `rangeStart` is the range; the first 1-minute close above it buys a CE, below it buys a PE, inside the entry
 * window and at most `maxTrades` a day. A range wider than `maxRangePct` of spot is not traded.
 */
function createInstance(ctx: StrategyContext<MynOptParams>): StrategyInstance {
  const p = ctx.params;
  const rangeFrom = minutesOf(p.rangeStart);
  const rangeTo = rangeFrom + p.rangeMinutes;
  const entryEnd = minutesOf(p.entryEnd);
  let state: DayState | undefined;

  const enter = (optionType: 'CE' | 'PE', c: Candle, s: DayState) => {
    const strike = p.targetPremiumPaise ? { targetPremiumPaise: p.targetPremiumPaise } : (p.strike as StrikeSelector);
    ctx.emit({
      kind: 'ENTER',
      side: 'BUY',
      leg: { kind: 'OPTION', optionType, strike, skipExpiryDay: p.skipExpiryDay },
      slPct: p.slPct,
      targetPct: p.targetPct,
      reason: `${optionType === 'CE' ? 'close above' : 'close below'} opening range ${s.low}–${s.high} at ${c.close}`,
    });
  };

  return {
    onCandle(c) {
      const day = istDate(c.start);
      if (state?.day !== day)
        state = { day, high: Number.NEGATIVE_INFINITY, low: Number.POSITIVE_INFINITY, rangeBars: 0 };
      const startMin = istMinutes(c.start);
      if (startMin >= rangeFrom && startMin < rangeTo) {
        state.high = Math.max(state.high, c.high);
        state.low = Math.min(state.low, c.low);
        state.rangeBars++;
        return;
      }
      const closeMin = startMin + 1;
      if (startMin < rangeTo || closeMin > entryEnd || state.rangeBars === 0) return;
      if (ctx.entriesToday() >= p.maxTrades || ctx.hasOpenPosition()) return;
      const widthPct = ((state.high - state.low) / c.close) * 100;
      if (widthPct > p.maxRangePct) return;
      if (c.close > state.high) enter('CE', c, state);
      else if (c.close < state.low) enter('PE', c, state);
    },
  };
}

export const mynOpt: Strategy<MynOptParams> = {
  id: 'MYN_OPT',
  description: 'Index options, opening-range breakout, intraday',
  paramsSchema: mynOptParams,
  timeframeMin: 1,
  squareOffTime: (p) => p.squareOff,
  create: createInstance,
};
