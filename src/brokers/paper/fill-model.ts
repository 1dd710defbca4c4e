import type { Tick } from '#src/domain/market/tick';
import type { OrderType, Side } from '../contract';

/** A fill decision for one resting or incoming paper order against the latest quote. */
export type FillDecision = { readonly fill: true; readonly pricePaise: number } | { readonly fill: false };

export interface PaperOrderTerms {
  readonly side: Side;
  readonly orderType: OrderType;
  readonly limitPricePaise: number | undefined;
  readonly triggerPricePaise: number | undefined;
}

/**
 * Marketable orders fill at the touch (ask for a buy, bid for a sell) moved against the trader by
 * `slippagePaise`; limits fill when touched at the better of limit and touch; stops trigger on LTP.
 */
export function decideFill(o: PaperOrderTerms, q: Tick, slippagePaise: number): FillDecision {
  const touch = o.side === 'BUY' ? q.ask : q.bid;
  const slipped = o.side === 'BUY' ? touch + slippagePaise : Math.max(5, touch - slippagePaise);
  const triggered =
    o.triggerPricePaise === undefined ||
    (o.side === 'BUY' ? q.ltp >= o.triggerPricePaise : q.ltp <= o.triggerPricePaise);
  switch (o.orderType) {
    case 'MARKET':
      return { fill: true, pricePaise: slipped };
    case 'SL-M':
      return triggered ? { fill: true, pricePaise: slipped } : { fill: false };
    case 'LIMIT':
    case 'SL': {
      if (!triggered || o.limitPricePaise === undefined) return { fill: false };
      const marketable = o.side === 'BUY' ? touch <= o.limitPricePaise : touch >= o.limitPricePaise;
      if (!marketable) return { fill: false };
      return {
        fill: true,
        pricePaise: o.side === 'BUY' ? Math.min(o.limitPricePaise, touch) : Math.max(o.limitPricePaise, touch),
      };
    }
  }
}
