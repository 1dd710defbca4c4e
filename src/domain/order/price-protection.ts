import { type Paise, roundToTick } from '../money/paise';

/**
 * Price protection for brokers that refuse MARKET (or SL-M) orders from API users: the order is sent as a LIMIT
 * (or SL) a slab away from the reference price, so it still crosses the spread but cannot fill at any price.
 * The slabs are our policy inside the 0.5–5 % band the broker notes describe: cheap options move in wider steps.
 */
const SLABS: ReadonlyArray<{ readonly belowPaise: number; readonly pct: number }> = [
  { belowPaise: 10_00, pct: 5 },
  { belowPaise: 100_00, pct: 3 },
  { belowPaise: 500_00, pct: 2 },
  { belowPaise: 1_000_00, pct: 1 },
  { belowPaise: Number.POSITIVE_INFINITY, pct: 0.5 },
];

/** The protection percentage for a reference price. */
export function protectionPct(refPaise: number): number {
  const slab = SLABS.find((s) => refPaise < s.belowPaise);
  return slab ? slab.pct : 0.5;
}

/**
 * The protected limit price for a marketable order: above the reference for a buy, below for a sell, rounded to
 * the tick away from the reference (so rounding never removes the protection), and never below one tick.
 */
export function protectedLimitPaise(p: { side: 'BUY' | 'SELL'; refPaise: number; tickPaise: number }): Paise {
  const band = (p.refPaise * protectionPct(p.refPaise)) / 100;
  const raw = p.side === 'BUY' ? p.refPaise + band : p.refPaise - band;
  const ticks = p.side === 'BUY' ? Math.ceil(raw / p.tickPaise) : Math.floor(raw / p.tickPaise);
  return roundToTick(Math.max(p.tickPaise, ticks * p.tickPaise), p.tickPaise);
}

export type MarketableType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';

/** What the gateway sends once capabilities are applied. */
export interface SendableTerms {
  readonly orderType: MarketableType;
  readonly limitPricePaise: number | undefined;
  readonly triggerPricePaise: number | undefined;
}

/**
 * Applies the broker's order-type support: MARKET → protected LIMIT off the reference price, SL-M → SL with its
 * limit a slab beyond the trigger. Returns undefined when a conversion is needed but there is no reference price.
 */
export function applyOrderTypeSupport(
  o: SendableTerms & { readonly side: 'BUY' | 'SELL' },
  support: { readonly marketOrders: boolean; readonly stopMarketOrders: boolean },
  refPaise: number | undefined,
  tickPaise: number,
): SendableTerms | undefined {
  if (o.orderType === 'MARKET' && !support.marketOrders) {
    if (refPaise === undefined || refPaise <= 0) return undefined;
    return { ...o, orderType: 'LIMIT', limitPricePaise: protectedLimitPaise({ side: o.side, refPaise, tickPaise }) };
  }
  if (o.orderType === 'SL-M' && !support.stopMarketOrders) {
    if (o.triggerPricePaise === undefined) return undefined;
    const limit = protectedLimitPaise({ side: o.side, refPaise: o.triggerPricePaise, tickPaise });
    return { ...o, orderType: 'SL', limitPricePaise: limit };
  }
  return { orderType: o.orderType, limitPricePaise: o.limitPricePaise, triggerPricePaise: o.triggerPricePaise };
}
