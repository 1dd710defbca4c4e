/** Fyers wire → domain (reference/brokers.md §1.4, §1.5). Pure; an explicit switch for every enum. */
import type {
  BrokerOrder,
  BrokerOrderStatus,
  Fill,
  Funds,
  OrderType,
  Position,
  ProductType,
  Side,
  SymbolResolver,
} from '#src/brokers/contract';
import { type Paise, toPaise } from '#src/domain/money/paise';
import type { FyersFundsReply, FyersOrderRow, FyersPositionRow, FyersRawOrderPush, FyersTradeRow } from './wire';

/** Order type 1–4 (§1.3). */
export function parseOrderType(t: number): OrderType {
  switch (t) {
    case 1:
      return 'LIMIT';
    case 2:
      return 'MARKET';
    case 3:
      return 'SL-M';
    case 4:
      return 'SL';
    default:
      throw new RangeError(`unknown Fyers order type ${t}`);
  }
}

export function parseSide(s: number): Side {
  switch (s) {
    case 1:
      return 'BUY';
    case -1:
      return 'SELL';
    default:
      throw new RangeError(`unknown Fyers side ${s}`);
  }
}

/** Product types we trade. CO/BO/MTF are never placed by the platform; they read as INTRADAY/DELIVERY. */
export function parseProduct(p: string): ProductType {
  switch (p) {
    case 'INTRADAY':
    case 'CO':
    case 'BO':
      return 'INTRADAY';
    case 'MARGIN':
      return 'MARGIN';
    case 'CNC':
    case 'MTF':
      return 'DELIVERY';
    default:
      throw new RangeError(`unknown Fyers product type ${p}`);
  }
}

/**
 * Status 1–7 (§1.4) → the platform's status. Partial fills have no status of their own: they are 6 (pending)
 * with 0 < filledQty < qty. A stop order waiting for its trigger also shows 6 (or 4).
 */
export function parseOrderStatus(o: {
  status: number;
  type: number;
  filledQty: number;
  qty: number;
}): BrokerOrderStatus {
  switch (o.status) {
    case 1:
      return 'CANCELLED';
    case 2:
      return 'FILLED';
    case 3: // documented as unused; treated as still in flight rather than guessed terminal
    case 4:
      return 'PENDING';
    case 5:
      return 'REJECTED';
    case 6:
      if (o.filledQty > 0 && o.filledQty < o.qty) return 'PARTIALLY_FILLED';
      return o.type === 3 || o.type === 4 ? 'TRIGGER_PENDING' : 'OPEN';
    case 7:
      return 'EXPIRED';
    default:
      throw new RangeError(`unknown Fyers order status ${o.status}`);
  }
}

/**
 * The order socket's internal OMS status → status 1–7, for pushes without `org_ord_status`. Table as the
 * official fyers-api-v3 npm client applies it to raw pushes (its ordersocket module).
 */
export function parseOmsStatus(s: number): number {
  switch (s) {
    case 11:
    case 12:
    case 20:
    case 21:
      return 4;
    case 90:
      return 2;
    case 91:
    case 73:
      return 1;
    case 92:
    case 93:
    case 94:
      return 5;
    default:
      if ((s >= 22 && s <= 26) || (s >= 51 && s <= 55) || (s >= 61 && s <= 64) || s === 71 || s === 72) return 6;
      throw new RangeError(`unknown Fyers OMS status ${s}`);
  }
}

/** Tags come back as "<n>:<tag>" (§1.3 orderTag); the platform's id is the part after the colon. */
export function parseTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const m = /^\d+:(.*)$/.exec(tag);
  return m ? m[1] : tag;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IST_OFFSET_MS = 330 * 60_000;

/** "09-Mar-2023 09:34:38" (IST, §1.4) → epoch ms; 0 when absent or malformed. */
export function parseFyersTime(s: string | undefined): number {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(s ?? '');
  if (!m) return 0;
  const month = MONTHS.indexOf(m[2] ?? '');
  if (month < 0) return 0;
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return utc - IST_OFFSET_MS;
}

const optionalPaise = (rupees: number): Paise | undefined => (rupees > 0 ? toPaise(rupees) : undefined);

/** An order-book row; undefined when the symbol is not in the platform's catalog (e.g. a manual order). */
export function parseOrder(row: FyersOrderRow, symbols: SymbolResolver): BrokerOrder | undefined {
  const instrumentId = symbols.fromBroker(row.symbol) ?? (row.fyToken ? symbols.fromBroker(row.fyToken) : undefined);
  if (!instrumentId) return undefined;
  const status = parseOrderStatus(row);
  return {
    brokerOrderId: row.id,
    clientOrderId: parseTag(row.orderTag),
    instrumentId,
    side: parseSide(row.side),
    orderType: parseOrderType(row.type),
    product: parseProduct(row.productType),
    qtyUnits: row.qty,
    filledQtyUnits: row.filledQty,
    avgPricePaise: row.filledQty > 0 ? toPaise(row.tradedPrice) : (0 as Paise),
    limitPricePaise: optionalPaise(row.limitPrice),
    triggerPricePaise: optionalPaise(row.stopPrice),
    status,
    rejectReason: status === 'REJECTED' ? (row.message ?? 'rejected') : undefined,
    placedAt: parseFyersTime(row.orderDateTime),
    raw: row,
  };
}

/** A raw order-socket push (§1.5) renamed to the order-book row it describes. */
export function parseOrderPush(p: FyersRawOrderPush): FyersOrderRow {
  const status = p.org_ord_status ?? (p.ord_status !== undefined ? parseOmsStatus(p.ord_status) : 4);
  return {
    id: p.id,
    symbol: p.symbol,
    qty: p.qty,
    filledQty: p.qty_filled,
    remainingQuantity: p.qty_remaining ?? p.qty - p.qty_filled,
    status,
    type: p.ord_type,
    side: p.tran_side,
    productType: p.product_type,
    limitPrice: p.price_limit,
    stopPrice: p.price_stop,
    tradedPrice: p.price_traded,
    message: p.oms_msg,
    orderTag: p.ordertag,
    orderDateTime: p.time_oms,
    fyToken: p.fy_token,
  };
}

/** A trade-book row. */
export function parseFill(row: FyersTradeRow, symbols: SymbolResolver): Fill | undefined {
  const instrumentId = symbols.fromBroker(row.symbol);
  if (!instrumentId) return undefined;
  return {
    brokerOrderId: row.orderNumber,
    fillId: row.tradeNumber,
    instrumentId,
    side: parseSide(row.side),
    qtyUnits: row.tradedQty,
    pricePaise: toPaise(row.tradePrice),
    at: parseFyersTime(row.orderDateTime),
    raw: row,
  };
}

export function parsePosition(row: FyersPositionRow, symbols: SymbolResolver): Position | undefined {
  const instrumentId = symbols.fromBroker(row.symbol);
  if (!instrumentId) return undefined;
  return {
    instrumentId,
    product: parseProduct(row.productType),
    netQtyUnits: row.netQty,
    buyAvgPaise: toPaise(row.buyAvg),
    sellAvgPaise: toPaise(row.sellAvg),
    realizedPaise: toPaise(row.realized_profit),
    raw: row,
  };
}

/** Funds: "Available Balance" (id 10) and "Utilized Amount" (id 2), equity side (§1.3). */
export function parseFunds(reply: FyersFundsReply): Funds {
  const amount = (id: number) => reply.fund_limit.find((f) => f.id === id)?.equityAmount ?? 0;
  return { availablePaise: toPaise(amount(10)), utilisedPaise: toPaise(amount(2)), raw: reply };
}
