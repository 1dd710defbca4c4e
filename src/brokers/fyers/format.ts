/** Domain → Fyers wire (reference/brokers.md §1.3). Pure; refuses what Fyers would refuse, before sending. */
import {
  BrokerError,
  type ModifyRequest,
  type OrderRequest,
  type OrderType,
  type ProductType,
  type Side,
  type SymbolResolver,
} from '#src/brokers/contract';
import { type Paise, toRupees } from '#src/domain/money/paise';
import type { FyersModifyOrderBody, FyersPlaceOrderBody } from './wire';

/** Fyers order tags: alphanumeric, 1–30 characters (§1.3 place-order body). */
export const FYERS_TAG = /^[A-Za-z0-9]{1,30}$/;

export function formatOrderType(t: OrderType): 1 | 2 | 3 | 4 {
  switch (t) {
    case 'LIMIT':
      return 1;
    case 'MARKET':
      return 2;
    case 'SL-M':
      return 3;
    case 'SL':
      return 4;
  }
}

export function formatSide(s: Side): 1 | -1 {
  switch (s) {
    case 'BUY':
      return 1;
    case 'SELL':
      return -1;
  }
}

export function formatProduct(p: ProductType): 'CNC' | 'INTRADAY' | 'MARGIN' {
  switch (p) {
    case 'INTRADAY':
      return 'INTRADAY';
    case 'MARGIN':
      return 'MARGIN';
    case 'DELIVERY':
      return 'CNC';
  }
}

const invalid = (message: string): BrokerError => new BrokerError('INVALID_ORDER', 'fyers', message);

/** A price Fyers needs for this order type, in rupees; 0 where the type takes none. */
function priceFor(needed: boolean, value: Paise | undefined, what: string): number {
  if (!needed) return 0;
  if (value === undefined || value <= 0) throw invalid(`${what} is required for this order type`);
  return toRupees(value);
}

/** Place-order body. The client order id travels as `orderTag`, which the tag lookup later finds. */
export function formatPlaceOrder(req: OrderRequest, symbols: SymbolResolver): FyersPlaceOrderBody {
  if (!Number.isInteger(req.qtyUnits) || req.qtyUnits <= 0) throw invalid(`quantity must be a positive integer`);
  if (!FYERS_TAG.test(req.clientOrderId)) {
    throw invalid(`client order id "${req.clientOrderId}" is not a Fyers tag (alphanumeric, at most 30)`);
  }
  const type = formatOrderType(req.orderType);
  return {
    symbol: symbols.toBroker(req.instrumentId).symbol,
    qty: req.qtyUnits,
    type,
    side: formatSide(req.side),
    productType: formatProduct(req.product),
    limitPrice: priceFor(type === 1 || type === 4, req.limitPricePaise, 'limit price'),
    stopPrice: priceFor(type === 3 || type === 4, req.triggerPricePaise, 'trigger price'),
    validity: req.validity ?? 'DAY',
    disclosedQty: 0,
    offlineOrder: false,
    stopLoss: 0,
    takeProfit: 0,
    orderTag: req.clientOrderId,
  };
}

/** Modify body: only the fields given are sent, so Fyers keeps the others (§1.3). */
export function formatModifyOrder(req: ModifyRequest): FyersModifyOrderBody {
  if (req.qtyUnits !== undefined && (!Number.isInteger(req.qtyUnits) || req.qtyUnits <= 0)) {
    throw invalid('quantity must be a positive integer');
  }
  return {
    id: req.brokerOrderId,
    type: formatOrderType(req.orderType),
    ...(req.qtyUnits !== undefined ? { qty: req.qtyUnits } : {}),
    ...(req.limitPricePaise !== undefined ? { limitPrice: toRupees(req.limitPricePaise) } : {}),
    ...(req.triggerPricePaise !== undefined ? { stopPrice: toRupees(req.triggerPricePaise) } : {}),
  };
}
