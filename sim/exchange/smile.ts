/** Shape of the volatility smile as a quadratic in log-moneyness m = ln(strike / spot). */
export interface SmileShape {
  /** Vol change per unit of m; negative gives index-style skew (OTM puts dearer than OTM calls). */
  readonly slope: number;
  /** Vol change per unit of m²; positive lifts both wings. */
  readonly curvature: number;
  /** Floor as a fraction of ATM vol, so a far wing never reaches zero or below. */
  readonly minRatio: number;
}

/**
 * Index-like defaults. With ATM 14%: a strike 5% below spot gets about 15.7%, 5% above about 13.7%, and the
 * wings keep rising past that. Plausible for a demo, not a calibration.
 */
export const DEFAULT_SMILE: SmileShape = { slope: -0.2, curvature: 3, minRatio: 0.5 };

/** Implied vol of a strike at log-moneyness `logMoneyness` (= ln(K/S)), given the ATM vol. */
export function smileVol(atmVol: number, logMoneyness: number, shape: SmileShape = DEFAULT_SMILE): number {
  const m = logMoneyness;
  const vol = atmVol + shape.slope * m + shape.curvature * m * m;
  return Math.max(vol, atmVol * shape.minRatio);
}
