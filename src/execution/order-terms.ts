import type { Capabilities, OrderRequest, OrderType, ProductType } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { applyOrderTypeSupport } from '#src/domain/order';
import type { InstrumentRules } from './instrument-rules';
import type { OrderRow } from './order-store';

/** Thrown when a MARKET order must become a protected LIMIT but there is no price to protect it from yet. */
export class NoReferencePriceError extends Error {
  override readonly name = 'NoReferencePriceError';
}

/**
 * The broker request for an order row, with the broker's order-type support applied: MARKET → protected LIMIT and
 * SL-M → SL where the capability map says 'none'. The reference price is the touch the order would cross.
 */
export function orderRequestFor(
  o: OrderRow,
  caps: Capabilities,
  rules: InstrumentRules,
  quote: Tick | undefined,
  /** The exchange algo id the order carries (see algo-ids.ts); omitted when there is none. */
  algoId?: string,
): OrderRequest {
  const id = o.instrumentId as InstrumentId;
  const side = o.side === 'SELL' ? 'SELL' : 'BUY';
  const ref = quote ? (side === 'BUY' ? quote.ask || quote.ltp : quote.bid || quote.ltp) : undefined;
  const terms = applyOrderTypeSupport(
    {
      side,
      orderType: o.orderType as OrderType,
      limitPricePaise: o.limitPricePaise ?? undefined,
      triggerPricePaise: undefined,
    },
    { marketOrders: caps.marketOrders !== 'none', stopMarketOrders: caps.stopMarketOrders !== 'none' },
    ref,
    rules.tickPaise(id),
  );
  if (!terms) throw new NoReferencePriceError(`no quote for ${o.instrumentId} to protect ${o.clientOrderId}`);
  const product: ProductType = 'INTRADAY';
  return {
    clientOrderId: o.clientOrderId,
    instrumentId: id,
    side,
    qtyUnits: o.qtyUnits,
    orderType: terms.orderType,
    product,
    ...(terms.limitPricePaise !== undefined ? { limitPricePaise: terms.limitPricePaise as Paise } : {}),
    ...(terms.triggerPricePaise !== undefined ? { triggerPricePaise: terms.triggerPricePaise as Paise } : {}),
    ...(algoId ? { algoId } : {}),
  };
}
