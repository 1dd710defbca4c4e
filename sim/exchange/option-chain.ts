import { type InstrumentId, type OptionType, optionId } from '#src/domain/instrument';
import { type Paise, roundToTick } from '#src/domain/money/paise';
import { type BlackScholesInput, type BlackScholesResult, blackScholes } from './black-scholes';
import { expiryCloseMs } from './ist-time';
import { DEFAULT_SMILE, type SmileShape, smileVol } from './smile';

/** Index options tick in ₹0.05 (reference/market.md §3), and never quote below one tick. */
export const OPTION_TICK_PAISE = 5;
/** Strikes each side of ATM. */
export const DEFAULT_CHAIN_WIDTH = 10;
/** Continuously compounded rate used for pricing; a demo constant, not a market observation. */
export const DEFAULT_RISK_FREE_RATE = 0.06;
const CALENDAR_MS_PER_YEAR = 365 * 24 * 60 * 60 * 1000;

/** The strike nearest the spot, in rupees (strikes in instrument ids are rupees). */
export function atmStrike(spotPaise: number, strikeStep: number): number {
  return Math.round(spotPaise / 100 / strikeStep) * strikeStep;
}

/** ATM ± `width` strikes, ascending, in rupees. */
export function chainStrikes(spotPaise: number, strikeStep: number, width = DEFAULT_CHAIN_WIDTH): number[] {
  const atm = atmStrike(spotPaise, strikeStep);
  const strikes: number[] = [];
  for (let i = -width; i <= width; i++) strikes.push(atm + i * strikeStep);
  return strikes.filter((k) => k > 0);
}

/** Calendar years from `nowMs` to the expiry close (ACT/365), never negative. */
export function yearsToExpiry(nowMs: number, expiryMs: number): number {
  return Math.max(0, expiryMs - nowMs) / CALENDAR_MS_PER_YEAR;
}

/** A model price (fractional paise) as a quotable option price: nearest tick, at least one tick. */
export function toOptionPrice(modelPaise: number): Paise {
  return Math.max(OPTION_TICK_PAISE, roundToTick(modelPaise, OPTION_TICK_PAISE)) as Paise;
}

/** What prices one strike. Mutable on purpose: the simulator keeps one per underlying and updates it in place. */
export interface StrikePricing {
  spotPaise: number;
  strikePaise: number;
  years: number;
  atmVol: number;
  rate: number;
  smile: SmileShape;
}

/** Scratch objects for `priceStrike`, allocated once by a caller that prices many strikes. */
export function createPricingScratch(): { input: BlackScholesInput; out: BlackScholesResult } {
  return {
    input: { spot: 0, strike: 0, years: 0, vol: 0, rate: 0 },
    out: { call: 0, put: 0, callDelta: 0, putDelta: 0 },
  };
}

/** Prices one strike's call and put with the smile vol of that strike; writes into the scratch, allocates nothing. */
export function priceStrike(
  p: StrikePricing,
  scratch: { input: BlackScholesInput; out: BlackScholesResult },
): BlackScholesResult {
  const input = scratch.input;
  input.spot = p.spotPaise;
  input.strike = p.strikePaise;
  input.years = p.years;
  input.vol = smileVol(p.atmVol, Math.log(p.strikePaise / p.spotPaise), p.smile);
  input.rate = p.rate;
  return blackScholes(input, scratch.out);
}

/** Inputs of a one-off option chain. */
export interface OptionChainInput {
  symbol: string;
  segment: 'NFO' | 'BFO';
  /** YYYY-MM-DD; time to expiry is counted to the IST close of that day. */
  expiry: string;
  spotPaise: number;
  strikeStep: number;
  nowMs: number;
  /** Implied vol at the money; the smile sets the others. */
  atmVol: number;
  width?: number;
  rate?: number;
  smile?: SmileShape;
}

/** One priced option of a chain. */
export interface OptionChainRow {
  id: InstrumentId;
  optionType: OptionType;
  strike: number;
  price: Paise;
  delta: number;
}

/** A priced chain around the spot: per strike ascending, the CE then the PE. */
export function buildOptionChain(input: OptionChainInput): OptionChainRow[] {
  const { symbol, segment, expiry } = input;
  const pricing: StrikePricing = {
    spotPaise: input.spotPaise,
    strikePaise: 0,
    years: yearsToExpiry(input.nowMs, expiryCloseMs(expiry)),
    atmVol: input.atmVol,
    rate: input.rate ?? DEFAULT_RISK_FREE_RATE,
    smile: input.smile ?? DEFAULT_SMILE,
  };
  const scratch = createPricingScratch();
  const rows: OptionChainRow[] = [];
  for (const strike of chainStrikes(input.spotPaise, input.strikeStep, input.width)) {
    pricing.strikePaise = strike * 100;
    const r = priceStrike(pricing, scratch);
    const id = (optionType: OptionType) => optionId({ segment, symbol, expiry, optionType, strike });
    rows.push({ id: id('CE'), optionType: 'CE', strike, price: toOptionPrice(r.call), delta: r.callDelta });
    rows.push({ id: id('PE'), optionType: 'PE', strike, price: toOptionPrice(r.put), delta: r.putDelta });
  }
  return rows;
}
