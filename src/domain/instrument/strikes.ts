import type { OptionType } from './instrument-id';

/** How a strategy names a strike relative to the money: ATM, or n steps in/out of the money (ITM1, OTM3, …). */
export type StrikeSelector = 'ATM' | `ITM${number}` | `OTM${number}`;

function assertStep(step: number): void {
  if (!Number.isFinite(step) || step <= 0) throw new RangeError(`strike step must be positive, got ${step}`);
}

function assertSpot(spotPaise: number): void {
  if (!Number.isFinite(spotPaise) || spotPaise <= 0) throw new RangeError(`spot must be positive, got ${spotPaise}`);
}

/** The strike (rupees) nearest to spot on the step grid; an exact half-way spot rounds up. */
export function atmStrike(spotPaise: number, strikeStep: number): number {
  assertSpot(spotPaise);
  assertStep(strikeStep);
  // Work in paise so a step like 2.5 stays exact.
  const stepPaise = Math.round(strikeStep * 100);
  return (Math.round(spotPaise / stepPaise) * stepPaise) / 100;
}

/** Parses a selector into signed steps away from ATM, positive meaning out of the money. */
export function stepsOutOfMoney(selector: StrikeSelector): number {
  if (selector === 'ATM') return 0;
  const m = /^(ITM|OTM)([1-9]\d*)$/.exec(selector);
  if (!m) throw new RangeError(`bad strike selector "${selector}" (expected ATM, ITMn or OTMn with n ≥ 1)`);
  const n = Number(m[2]);
  return m[1] === 'OTM' ? n : -n;
}

/**
 * The strike (rupees) a selector names: a call goes out of the money upwards and a put downwards, so OTM2 on a
 * CE is ATM + 2 steps and on a PE is ATM − 2 steps. Throws when the result would not be a positive strike.
 */
export function strikeFor(
  selector: StrikeSelector,
  optionType: OptionType,
  spotPaise: number,
  strikeStep: number,
): number {
  const atm = atmStrike(spotPaise, strikeStep);
  const direction = optionType === 'CE' ? 1 : -1;
  const stepPaise = Math.round(strikeStep * 100);
  const strike = (Math.round(atm * 100) + direction * stepsOutOfMoney(selector) * stepPaise) / 100;
  if (strike <= 0) throw new RangeError(`${selector} ${optionType} at spot ${spotPaise} paise is not a valid strike`);
  return strike;
}

/**
 * The candidate whose last traded price is closest to `targetPaise`. Ties go to the cheaper premium (further out
 * of the money, less capital at risk). Candidates without a trade (LTP ≤ 0) are ignored; undefined when none left.
 */
export function strikeByPremium<T extends { readonly strike: number; readonly ltpPaise: number }>(
  candidates: readonly T[],
  targetPaise: number,
): T | undefined {
  let best: T | undefined;
  for (const c of candidates) {
    if (!(c.ltpPaise > 0)) continue;
    if (best === undefined) {
      best = c;
      continue;
    }
    const d = Math.abs(c.ltpPaise - targetPaise);
    const bestD = Math.abs(best.ltpPaise - targetPaise);
    if (d < bestD || (d === bestD && c.ltpPaise < best.ltpPaise)) best = c;
  }
  return best;
}

/** The ATM strike and `width` strikes either side (rupees, ascending), dropping any that would be ≤ 0. */
export function optionChainStrikes(spotPaise: number, strikeStep: number, width: number): number[] {
  if (!Number.isInteger(width) || width < 0) throw new RangeError(`width must be a non-negative integer: ${width}`);
  const atmPaise = Math.round(atmStrike(spotPaise, strikeStep) * 100);
  const stepPaise = Math.round(strikeStep * 100);
  const out: number[] = [];
  for (let i = -width; i <= width; i++) {
    const k = atmPaise + i * stepPaise;
    if (k > 0) out.push(k / 100);
  }
  return out;
}
