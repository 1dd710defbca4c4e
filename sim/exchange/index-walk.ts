import { istMinuteOfDay } from './ist-time';
import type { SeededRandom } from './prng';

/** One band of the intraday volatility profile, in IST minutes since midnight [from, to). */
interface ProfileBand {
  readonly fromMin: number;
  readonly toMin: number;
  readonly weight: number;
}

// Indian index intraday vol is U-shaped: busiest after the 09:15 open, quiet over lunch, busy again into the
// close (the last band runs to 15:40 so it covers the post-2026-08-03 session too).
const BANDS: readonly ProfileBand[] = [
  { fromMin: 9 * 60 + 15, toMin: 9 * 60 + 45, weight: 1.6 },
  { fromMin: 12 * 60, toMin: 13 * 60 + 30, weight: 0.7 },
  { fromMin: 14 * 60 + 30, toMin: 15 * 60 + 40, weight: 1.3 },
];
const SESSION_FROM_MIN = 9 * 60 + 15;
const SESSION_TO_MIN = 15 * 60 + 30;
/** Trading-time year: 252 sessions of 375 minutes, so `annualVol` means what a trader means by it. */
export const TRADING_MS_PER_YEAR = 252 * 375 * 60_000;

function rawWeight(minute: number): number {
  for (const band of BANDS) if (minute >= band.fromMin && minute < band.toMin) return band.weight;
  return 1;
}

// Scale the weights so the session's total variance equals annualVol² × one trading day: the profile moves
// variance around the day without inflating it.
const NORMALISER = (() => {
  let sum = 0;
  for (let m = SESSION_FROM_MIN; m < SESSION_TO_MIN; m++) sum += rawWeight(m + 0.5) ** 2;
  return Math.sqrt(sum / (SESSION_TO_MIN - SESSION_FROM_MIN));
})();

/** Multiplier of the annual vol at a given instant (IST time of day); averages to 1 in variance over 09:15–15:30. */
export function intradayVolMultiplier(epochMs: number): number {
  return rawWeight(istMinuteOfDay(epochMs)) / NORMALISER;
}

/** Advances an index level by geometric Brownian motion. */
export interface IndexWalk {
  /** The level after `dtMs` of virtual time ending at `nowMs`; zero or negative `dtMs` returns `spot` unchanged. */
  step(spot: number, dtMs: number, nowMs: number): number;
}

/** A driftless GBM walk whose vol follows the intraday profile; draws one normal per step from `random`. */
export function createIndexWalk(deps: { annualVol: number; random: SeededRandom }): IndexWalk {
  const { annualVol, random } = deps;
  if (!(annualVol >= 0)) throw new RangeError(`annualVol must be >= 0, got ${annualVol}`);
  return {
    step(spot, dtMs, nowMs) {
      if (dtMs <= 0) return spot;
      const dtYears = dtMs / TRADING_MS_PER_YEAR;
      const sigma = annualVol * intradayVolMultiplier(nowMs);
      // The -σ²/2 term keeps the expected level equal to today's (a martingale), so the demo has no trend.
      return spot * Math.exp(-0.5 * sigma * sigma * dtYears + sigma * Math.sqrt(dtYears) * random.normal());
    },
  };
}
