import { nearestExpiry, type TradingCalendar } from '#src/domain/calendar';
import {
  type ContractSpecs,
  type InstrumentId,
  optionChainStrikes,
  optionId,
  strikeByPremium,
  strikeFor,
} from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { LegSelector } from '../sdk';

/** Resolves a strategy's leg selector to one contract for one account, at one instant. */
export interface LegResolver {
  resolve(p: {
    underlying: string;
    leg: LegSelector;
    now: number;
    /** A map's premiumOverride: picks the strike whose premium is closest to it. */
    premiumOverridePaise: number | null;
  }): Promise<{ instrumentId: InstrumentId; expiry: string; lotSize: number }>;
  /**
   * The contracts a leg of this underlying may resolve to now: the index and the calls and puts `width` strikes
   * either side of spot on the nearest expiry (and the next one on an expiry day). Only the index without a spot.
   */
  candidates(underlying: string, now: number, width?: number): Promise<InstrumentId[]>;
}

/** Thrown when no contract can be chosen (no spot, no quotes): the wave skips that account with a reason. */
export class LegResolutionError extends Error {
  readonly code = 'LEG_UNRESOLVED';
}

export function createLegResolver(deps: {
  calendar: TradingCalendar;
  specs: ContractSpecs;
  quotes: (ids: readonly InstrumentId[]) => Promise<Map<InstrumentId, Tick>>;
}): LegResolver {
  return {
    async candidates(underlying, now, width = 10) {
      const { specs } = deps;
      const indexId = specs.indexId(underlying);
      const spot = (await deps.quotes([indexId])).get(indexId);
      if (!spot) return [indexId];
      const segment = specs.segmentOf(underlying);
      const strikes = optionChainStrikes(spot.ltp, specs.strikeStep(underlying), width);
      const expiries = new Set([
        nearestExpiry(deps.calendar, underlying, now),
        nearestExpiry(deps.calendar, underlying, now, { skipExpiryDay: true }),
      ]);
      const out: InstrumentId[] = [indexId];
      for (const expiry of expiries)
        for (const optionType of ['CE', 'PE'] as const)
          for (const strike of strikes) out.push(optionId({ segment, symbol: underlying, expiry, optionType, strike }));
      return out;
    },
    async resolve({ underlying, leg, now, premiumOverridePaise }) {
      if (leg.kind !== 'OPTION') throw new LegResolutionError(`leg kind ${leg.kind} is not supported yet`);
      const { specs } = deps;
      const segment = specs.segmentOf(underlying);
      const expiry = nearestExpiry(deps.calendar, underlying, now, { skipExpiryDay: leg.skipExpiryDay });
      const step = specs.strikeStep(underlying);
      const indexId = specs.indexId(underlying);
      const spot = (await deps.quotes([indexId])).get(indexId);
      if (!spot) throw new LegResolutionError(`no quote for ${indexId}`);
      const make = (strike: number) =>
        optionId({ segment, symbol: underlying, expiry, optionType: leg.optionType, strike });
      const target = premiumOverridePaise ?? (typeof leg.strike === 'object' ? leg.strike.targetPremiumPaise : null);
      let strike: number;
      if (target !== null) {
        const ids = optionChainStrikes(spot.ltp, step, 10).map((k) => ({ strike: k, id: make(k) }));
        const quotes = await deps.quotes(ids.map((c) => c.id));
        const best = strikeByPremium(
          ids.map((c) => ({ strike: c.strike, ltpPaise: quotes.get(c.id)?.ltp ?? 0 })),
          target,
        );
        if (!best)
          throw new LegResolutionError(`no quoted ${underlying} ${leg.optionType} strike near premium ${target}`);
        strike = best.strike;
      } else {
        strike = strikeFor(typeof leg.strike === 'object' ? 'ATM' : leg.strike, leg.optionType, spot.ltp, step);
      }
      return { instrumentId: make(strike), expiry, lotSize: specs.lotSize(underlying, expiry) };
    },
  };
}
