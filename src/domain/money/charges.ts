// Statutory and exchange charges on F&O trades, as effective-dated tables (reference/market.md §6). Rates are
// written in rupees per crore (₹1 crore = ₹10^7) so every rate is an integer and the arithmetic is exact in BigInt.
// Rounding is explicit: each charge is rounded half-up to the paisa per executed order, GST on the rounded parts.
import type { Paise } from './paise';

/** Exchanges whose charges are modelled. */
export type ChargeExchange = 'NSE' | 'BSE' | 'MCX';
/** Futures or options; option charges apply to premium turnover. */
export type ChargeProduct = 'FUT' | 'OPT';
export type ChargeSide = 'BUY' | 'SELL';

/** One executed order (fill) to charge. Each fill counts as one executed order for brokerage. */
export interface ChargeableFill {
  readonly side: ChargeSide;
  readonly quantity: number;
  readonly pricePaise: number;
  /** IST trade date, YYYY-MM-DD: selects the rates in force. */
  readonly date: string;
}

/** What is traded: the exchange, product and underlying (BSE option rates differ by underlying). */
export interface ChargeContext {
  readonly exchange: ChargeExchange;
  readonly product: ChargeProduct;
  readonly underlying: string;
}

/** Broker pricing. Default: a flat ₹20 per executed order (discount-broker norm). */
export interface BrokerageConfig {
  readonly perOrderPaise: number;
  /** Optional cap as rupees per crore of turnover (e.g. 3000 = 0.03%); the lower of the two is charged. */
  readonly capPerCrore?: number | undefined;
  /** Contract notes commonly round STT/CTT to the rupee; off by default. */
  readonly roundSttToRupee?: boolean | undefined;
}

/** The default brokerage: ₹20 per executed order. */
export const DEFAULT_BROKERAGE: BrokerageConfig = { perOrderPaise: 2000 };

/** Every charge in paise, and their sum. */
export interface ChargeBreakdown {
  readonly turnoverPaise: Paise;
  readonly brokerage: Paise;
  readonly stt: Paise;
  readonly exchangeTxn: Paise;
  readonly sebiFee: Paise;
  readonly stampDuty: Paise;
  readonly gst: Paise;
  readonly total: Paise;
}

type ByProduct = Readonly<Record<ChargeProduct, number>>;

/** Rates (₹ per crore of turnover) in force from `from`. */
export interface ChargeRates {
  readonly from: string;
  /** STT (NSE/BSE) or CTT (MCX), sell side only. */
  readonly sellTax: Readonly<Record<ChargeExchange, ByProduct>>;
  /** Exchange transaction charge incl. IPFT (NSE/FA/73061 split; total unchanged). */
  readonly exchangeTxn: Readonly<Record<ChargeExchange, ByProduct>>;
  /** BSE option rates per index (SENSEX/BANKEX ₹3,250 per crore); other BSE options use exchangeTxn.BSE.OPT. */
  readonly bseOptionTxnByUnderlying: Readonly<Record<string, number>>;
  readonly sebiFee: number;
  /** Stamp duty, buy side only. */
  readonly stampDuty: ByProduct;
  /** GST in percent, on brokerage + exchange charges + SEBI fee. */
  readonly gstPercent: number;
}

// Exchange rates are known from the 2024-10-01 "true to label" regime onward; earlier dates are refused, not guessed.
const BASE: Omit<ChargeRates, 'from' | 'sellTax'> = {
  exchangeTxn: { NSE: { FUT: 183, OPT: 3553 }, BSE: { FUT: 0, OPT: 500 }, MCX: { FUT: 210, OPT: 4180 } },
  bseOptionTxnByUnderlying: { SENSEX: 3250, BANKEX: 3250 },
  sebiFee: 10,
  stampDuty: { FUT: 200, OPT: 300 },
  gstPercent: 18,
};
const CTT = { FUT: 1000, OPT: 5000 };

/** The rate table, oldest first (STT: Finance Act 2024 from 2024-10-01; Finance Act 2026 from 2026-04-01). */
export const CHARGE_RATES: readonly ChargeRates[] = [
  {
    from: '2024-10-01',
    ...BASE,
    sellTax: { NSE: { FUT: 2000, OPT: 10000 }, BSE: { FUT: 2000, OPT: 10000 }, MCX: CTT },
  },
  {
    from: '2026-04-01',
    ...BASE,
    sellTax: { NSE: { FUT: 5000, OPT: 15000 }, BSE: { FUT: 5000, OPT: 15000 }, MCX: CTT },
  },
];

/** Thrown when no charge rates are known for a date. */
export class UnknownChargeRatesError extends Error {
  readonly code = 'UNKNOWN_CHARGE_RATES';
}

/** The rates in force on `date`. */
export function chargeRatesOn(date: string): ChargeRates {
  let found: ChargeRates | undefined;
  for (const r of CHARGE_RATES) if (r.from <= date) found = r;
  if (!found) throw new UnknownChargeRatesError(`no charge rates known before ${CHARGE_RATES[0]?.from} (got ${date})`);
  return found;
}

/** turnover × rate / 1 crore, rounded half-up to the paisa, exactly. */
function perCrore(turnoverPaise: number, ratePerCrore: number): number {
  const num = BigInt(turnoverPaise) * BigInt(ratePerCrore);
  const den = 10_000_000n;
  return Number((num * 2n + den) / (2n * den));
}

function percentOf(amountPaise: number, percent: number): number {
  return Number((BigInt(amountPaise) * BigInt(percent) * 2n + 100n) / 200n);
}

function assertFill(f: ChargeableFill): void {
  if (!Number.isInteger(f.quantity) || f.quantity <= 0)
    throw new RangeError(`fill quantity must be > 0: ${f.quantity}`);
  if (!Number.isInteger(f.pricePaise) || f.pricePaise < 0)
    throw new RangeError(`fill price must be paise: ${f.pricePaise}`);
}

/** Charges on one executed order. */
export function fillCharges(
  ctx: ChargeContext,
  fill: ChargeableFill,
  brokerage: BrokerageConfig = DEFAULT_BROKERAGE,
): ChargeBreakdown {
  assertFill(fill);
  const rates = chargeRatesOn(fill.date);
  const turnover = fill.quantity * fill.pricePaise;
  const txnRate =
    ctx.exchange === 'BSE' && ctx.product === 'OPT'
      ? (rates.bseOptionTxnByUnderlying[ctx.underlying] ?? rates.exchangeTxn.BSE.OPT)
      : rates.exchangeTxn[ctx.exchange][ctx.product];
  const cap =
    brokerage.capPerCrore === undefined ? Number.POSITIVE_INFINITY : perCrore(turnover, brokerage.capPerCrore);
  const broker = Math.min(brokerage.perOrderPaise, cap);
  let stt = fill.side === 'SELL' ? perCrore(turnover, rates.sellTax[ctx.exchange][ctx.product]) : 0;
  if (brokerage.roundSttToRupee) stt = Math.round(stt / 100) * 100;
  const exchangeTxn = perCrore(turnover, txnRate);
  const sebiFee = perCrore(turnover, rates.sebiFee);
  const stampDuty = fill.side === 'BUY' ? perCrore(turnover, rates.stampDuty[ctx.product]) : 0;
  const gst = percentOf(broker + exchangeTxn + sebiFee, rates.gstPercent);
  return breakdown({ turnover, brokerage: broker, stt, exchangeTxn, sebiFee, stampDuty, gst });
}

function breakdown(
  p: Record<'turnover' | 'brokerage' | 'stt' | 'exchangeTxn' | 'sebiFee' | 'stampDuty' | 'gst', number>,
) {
  const total = p.brokerage + p.stt + p.exchangeTxn + p.sebiFee + p.stampDuty + p.gst;
  return {
    turnoverPaise: p.turnover,
    brokerage: p.brokerage,
    stt: p.stt,
    exchangeTxn: p.exchangeTxn,
    sebiFee: p.sebiFee,
    stampDuty: p.stampDuty,
    gst: p.gst,
    total,
  } as ChargeBreakdown;
}

/** Charges on several executed orders, summed component by component. */
export function tradeCharges(
  ctx: ChargeContext,
  fills: readonly ChargeableFill[],
  brokerage: BrokerageConfig = DEFAULT_BROKERAGE,
): ChargeBreakdown {
  const parts = fills.map((f) => fillCharges(ctx, f, brokerage));
  const sum = (k: keyof ChargeBreakdown) => parts.reduce((s, p) => s + p[k], 0);
  return breakdown({
    turnover: sum('turnoverPaise'),
    brokerage: sum('brokerage'),
    stt: sum('stt'),
    exchangeTxn: sum('exchangeTxn'),
    sebiFee: sum('sebiFee'),
    stampDuty: sum('stampDuty'),
    gst: sum('gst'),
  });
}

/** A trade for P&L: its fills, and a mark price for any quantity still open. */
export interface ChargeableTrade extends ChargeContext {
  readonly fills: readonly ChargeableFill[];
  readonly markPricePaise?: number | undefined;
}

/** Gross P&L, charges and net P&L of a trade, in paise. Throws if quantity is still open and no mark is given. */
export function netPnl(
  trade: ChargeableTrade,
  brokerage: BrokerageConfig = DEFAULT_BROKERAGE,
): { grossPaise: Paise; charges: ChargeBreakdown; netPaise: Paise } {
  let cash = 0;
  let position = 0;
  for (const f of trade.fills) {
    assertFill(f);
    const sign = f.side === 'BUY' ? 1 : -1;
    cash -= sign * f.quantity * f.pricePaise;
    position += sign * f.quantity;
  }
  if (position !== 0 && trade.markPricePaise === undefined) {
    throw new RangeError(`trade has ${position} units open; pass markPricePaise to value them`);
  }
  const grossPaise = cash + position * (trade.markPricePaise ?? 0);
  const charges = tradeCharges(trade, trade.fills, brokerage);
  return { grossPaise: grossPaise as Paise, charges, netPaise: (grossPaise - charges.total) as Paise };
}
