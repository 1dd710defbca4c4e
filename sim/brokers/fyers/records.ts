/**
 * The simulator's records in Fyers' wire shapes: REST order/trade/position rows (reference/brokers.md §1.3–1.4)
 * and raw order-socket pushes (§1.5, raw field names as the official npm client's order socket reads them).
 */
import type { SimEngine, SimOrder, SimTrade } from './engine';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "09-Mar-2023 09:34:38", IST. */
export function fyersTime(ms: number): string {
  const d = new Date(ms + 330 * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
  return `${date} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const rupees = (paise: number) => paise / 100;
const avg = (o: SimOrder) => (o.filled > 0 ? rupees(Math.round(o.filledValuePaise / o.filled)) : 0);

/** Order-book row (§1.4). */
export function orderRow(o: SimOrder, ltpPaise: number | undefined) {
  return {
    clientId: 'XS0001',
    id: o.id,
    exchOrdId: o.status === 4 ? '' : `1100000${o.id.slice(-8)}`,
    qty: o.qty,
    remainingQuantity: o.qty - o.filled,
    filledQty: o.filled,
    status: o.status,
    slNo: 1,
    message: o.message,
    segment: o.inst.segment,
    limitPrice: rupees(o.limitPaise),
    stopPrice: rupees(o.stopPaise),
    productType: o.productType,
    type: o.type,
    side: o.side,
    disclosedQty: 0,
    orderValidity: o.validity,
    orderDateTime: fyersTime(o.placedAt),
    tradedPrice: avg(o),
    source: 'API',
    fyToken: o.inst.fytoken,
    offlineOrder: false,
    pan: '',
    exchange: o.inst.exchange,
    instrument: o.inst.exchInstType,
    symbol: o.inst.symbol,
    ex_sym: o.inst.underlying,
    description: o.inst.details,
    orderNumStatus: `${o.id}:${o.status}`,
    lp: ltpPaise === undefined ? 0 : rupees(ltpPaise),
    ch: 0,
    chp: 0,
    orderTag: o.tag ? `1:${o.tag}` : '',
  };
}

/** Public status 1–7 → an internal OMS status of the raw push (the npm client maps these back). */
function omsStatus(status: number): number {
  switch (status) {
    case 1:
      return 91;
    case 2:
      return 90;
    case 4:
      return 20;
    case 5:
      return 92;
    default:
      return 22;
  }
}

/** A raw order push (§1.5). */
export function rawOrderPush(o: SimOrder) {
  return {
    orders: {
      client_id: 'XS0001',
      id: o.id,
      id_exchange: o.status === 4 ? '' : `1100000${o.id.slice(-8)}`,
      qty: o.qty,
      qty_remaining: o.qty - o.filled,
      qty_filled: o.filled,
      price_limit: rupees(o.limitPaise),
      price_stop: rupees(o.stopPaise),
      price_traded: avg(o),
      ord_type: o.type,
      fy_token: o.inst.fytoken,
      exchange: o.inst.exchange,
      segment: o.inst.segment,
      symbol: o.inst.symbol,
      instrument: o.inst.exchInstType,
      oms_msg: o.message,
      offline_flag: false,
      time_oms: fyersTime(o.placedAt),
      validity: o.validity,
      product_type: o.productType,
      tran_side: o.side,
      org_ord_status: o.status,
      ord_status: omsStatus(o.status),
      ord_source: 'ITS',
      symbol_exch: o.inst.underlying,
      symbol_desc: o.inst.details,
      ordertag: o.tag ? `1:${o.tag}` : '',
      status_msg: o.status === 4 ? 'New Ack' : '',
    },
  };
}

/** Trade-book row (§1.4). */
export function tradeRow(t: SimTrade) {
  return {
    clientId: 'XS0001',
    orderDateTime: fyersTime(t.at),
    orderNumber: t.order.id,
    exchangeOrderNo: `1100000${t.order.id.slice(-8)}`,
    exchange: t.order.inst.exchange,
    side: t.order.side,
    segment: t.order.inst.segment,
    orderType: t.order.type,
    fyToken: t.order.inst.fytoken,
    productType: t.order.productType,
    tradedQty: t.qty,
    tradePrice: rupees(t.pricePaise),
    tradeValue: rupees(t.pricePaise * t.qty),
    tradeNumber: t.id,
    row: 1,
    symbol: t.order.inst.symbol,
    orderTag: t.order.tag ? `1:${t.order.tag}` : '',
  };
}

/** A raw trade push (§1.5). */
export function rawTradePush(t: SimTrade) {
  return {
    trades: {
      id_fill: t.id,
      id: t.order.id,
      qty_traded: t.qty,
      price_traded: rupees(t.pricePaise),
      traded_val: rupees(t.pricePaise * t.qty),
      product_type: t.order.productType,
      client_id: 'XS0001',
      id_exchange: `1100000${t.order.id.slice(-8)}`,
      ord_type: t.order.type,
      tran_side: t.order.side,
      symbol: t.order.inst.symbol,
      fill_time: fyersTime(t.at),
      fy_token: t.order.inst.fytoken,
      exchange: t.order.inst.exchange,
      segment: t.order.inst.segment,
      ordertag: t.order.tag ? `1:${t.order.tag}` : '',
    },
  };
}

interface Book {
  buyQty: number;
  buyPaise: number;
  sellQty: number;
  sellPaise: number;
  t: SimTrade;
}

/** Net positions from the trade book (§1.4), with `overall` totals. */
export function positions(engine: SimEngine, appId: string) {
  const books = new Map<string, Book>();
  for (const t of engine.trades(appId)) {
    const key = `${t.order.inst.symbol}-${t.order.productType}`;
    const b = books.get(key) ?? { buyQty: 0, buyPaise: 0, sellQty: 0, sellPaise: 0, t };
    if (t.order.side === 1) Object.assign(b, { buyQty: b.buyQty + t.qty, buyPaise: b.buyPaise + t.qty * t.pricePaise });
    else Object.assign(b, { sellQty: b.sellQty + t.qty, sellPaise: b.sellPaise + t.qty * t.pricePaise });
    books.set(key, b);
  }
  const netPositions = [...books].map(([id, b]) => {
    const buyAvg = b.buyQty ? b.buyPaise / b.buyQty : 0;
    const sellAvg = b.sellQty ? b.sellPaise / b.sellQty : 0;
    const closed = Math.min(b.buyQty, b.sellQty);
    const netQty = b.buyQty - b.sellQty;
    const ltp = engine.quote(b.t.order.inst)?.ltpPaise ?? 0;
    const netAvg = netQty > 0 ? buyAvg : netQty < 0 ? sellAvg : 0;
    const unrealized = netQty * (ltp - netAvg);
    const realized = closed * (sellAvg - buyAvg);
    return {
      symbol: b.t.order.inst.symbol,
      id,
      netQty,
      qty: Math.abs(netQty),
      netAvg: rupees(Math.round(netAvg)),
      buyQty: b.buyQty,
      buyAvg: rupees(Math.round(buyAvg)),
      buyVal: rupees(b.buyPaise),
      sellQty: b.sellQty,
      sellAvg: rupees(Math.round(sellAvg)),
      sellVal: rupees(b.sellPaise),
      side: Math.sign(netQty),
      productType: b.t.order.productType,
      realized_profit: rupees(Math.round(realized)),
      unrealized_profit: rupees(Math.round(unrealized)),
      pl: rupees(Math.round(realized + unrealized)),
      ltp: rupees(ltp),
      fyToken: b.t.order.inst.fytoken,
      exchange: b.t.order.inst.exchange,
      segment: b.t.order.inst.segment,
      cfBuyQty: 0,
      cfSellQty: 0,
      dayBuyQty: b.buyQty,
      daySellQty: b.sellQty,
    };
  });
  const overall = {
    count_total: netPositions.length,
    count_open: netPositions.filter((p) => p.netQty !== 0).length,
    pl_realized: netPositions.reduce((s, p) => s + p.realized_profit, 0),
    pl_unrealized: netPositions.reduce((s, p) => s + p.unrealized_profit, 0),
    pl_total: netPositions.reduce((s, p) => s + p.pl, 0),
  };
  return { netPositions, overall };
}

const FUND_TITLES = [
  'Total Balance',
  'Utilized Amount',
  'Clear Balance',
  'Realized Profit and Loss',
  'Collaterals',
  'Fund Transfer',
  'Receivables',
  'Adhoc Limit',
  'Limit at start of the day',
  'Available Balance',
];

/** Funds (§1.3): utilised = open long premium; available = start + realised − utilised. */
export function funds(engine: SimEngine, appId: string, startPaise: number) {
  const pos = positions(engine, appId).netPositions;
  const utilised = pos.reduce((s, p) => s + Math.max(0, p.netQty) * p.netAvg * 100, 0);
  const realised = pos.reduce((s, p) => s + p.realized_profit * 100, 0);
  const amounts = [startPaise, utilised, startPaise - utilised, realised, 0, 0, 0, 0, startPaise];
  amounts.push(startPaise + realised - utilised);
  const fund_limit = FUND_TITLES.map((title, i) => ({
    id: i + 1,
    title,
    equityAmount: rupees(Math.round(amounts[i] ?? 0)),
    commodityAmount: 0,
  }));
  return { fund_limit };
}
