import type { OptionType } from '#src/domain/instrument';

/** Inputs of a European option price. Prices in any one unit (paise here); rates and vol annualised. */
export interface BlackScholesInput {
  spot: number;
  strike: number;
  /** Time to expiry in years; zero or less means expired (intrinsic value). */
  years: number;
  /** Annualised volatility, e.g. 0.14 for 14%. */
  vol: number;
  /** Continuously compounded risk-free rate, e.g. 0.06. */
  rate: number;
}

/** Call and put of one strike, priced together because they share d1 and d2. */
export interface BlackScholesResult {
  call: number;
  put: number;
  callDelta: number;
  putDelta: number;
}

// Abramowitz & Stegun 26.2.17: |error| < 7.5e-8, far below a 5-paise tick at any index level.
const P = 0.2316419;
const B1 = 0.31938153;
const B2 = -0.356563782;
const B3 = 1.781477937;
const B4 = -1.821255978;
const B5 = 1.330274429;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + P * z);
  const poly = t * (B1 + t * (B2 + t * (B3 + t * (B4 + t * B5))));
  const tail = INV_SQRT_2PI * Math.exp(-0.5 * z * z) * poly;
  return x >= 0 ? 1 - tail : tail;
}

/**
 * Prices the call and the put of one strike. Pass `out` to reuse an object across calls (the simulator prices
 * thousands of strikes a cycle and must not allocate for each); without it a new result is returned.
 */
export function blackScholes(input: BlackScholesInput, out?: BlackScholesResult): BlackScholesResult {
  const result = out ?? { call: 0, put: 0, callDelta: 0, putDelta: 0 };
  const { spot, strike, years, vol, rate } = input;
  const discountedStrike = strike * Math.exp(-rate * Math.max(0, years));
  if (years <= 0 || vol <= 0) {
    // The zero-variance limit: worth its (discounted) intrinsic value.
    result.call = Math.max(0, spot - discountedStrike);
    result.put = Math.max(0, discountedStrike - spot);
    result.callDelta = spot > discountedStrike ? 1 : 0;
    result.putDelta = result.callDelta - 1;
    return result;
  }
  const sd = vol * Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * years) / sd;
  const nd1 = normalCdf(d1);
  const call = spot * nd1 - discountedStrike * normalCdf(d1 - sd);
  // Put-call parity: P = C - S + K·e^(-rT). Clamped because the CDF approximation can dip a hair below zero.
  result.call = Math.max(0, call);
  result.put = Math.max(0, call - spot + discountedStrike);
  result.callDelta = nd1;
  result.putDelta = nd1 - 1;
  return result;
}

/** Price of one European option. */
export function blackScholesPrice(input: BlackScholesInput & { optionType: OptionType }): number {
  const r = blackScholes(input);
  return input.optionType === 'CE' ? r.call : r.put;
}

/** Delta of one European option: in [0, 1] for a call, [-1, 0] for a put. */
export function blackScholesDelta(input: BlackScholesInput & { optionType: OptionType }): number {
  const r = blackScholes(input);
  return input.optionType === 'CE' ? r.callDelta : r.putDelta;
}
