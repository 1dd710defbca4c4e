/**
 * The simulator's order engine: validation with Fyers' codes, a matching pass fed by the price source (MARKET at
 * the touch, LIMIT when touched, SL on trigger), fill delays and partial fills, trades and positions.
 */
import type { FyersSimFaults, PriceSource, SimInstrument, SimQuote } from './types';

/** One order at the simulated broker. Status is Fyers' 1–7 (reference/brokers.md §1.4). */
export interface SimOrder {
  readonly id: string;
  readonly appId: string;
  readonly tag: string | undefined;
  readonly inst: SimInstrument;
  readonly side: 1 | -1;
  readonly productType: string;
  readonly validity: string;
  readonly placedAt: number;
  type: number;
  qty: number;
  filled: number;
  /** Sum of fill price × qty, in paise, for the average. */
  filledValuePaise: number;
  limitPaise: number;
  stopPaise: number;
  triggered: boolean;
  status: number;
  message: string;
  lastFillAt: number;
}

export interface SimTrade {
  readonly id: string;
  readonly order: SimOrder;
  readonly qty: number;
  readonly pricePaise: number;
  readonly at: number;
}

/** A refusal in Fyers' words. */
export class SimRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

export interface EngineDeps {
  readonly instruments: readonly SimInstrument[];
  readonly prices: PriceSource;
  readonly now: () => number;
  readonly faults: () => Readonly<FyersSimFaults>;
  readonly onOrder: (o: SimOrder) => void;
  readonly onTrade: (t: SimTrade) => void;
}

const TAG = /^[A-Za-z0-9]{1,30}$/;
const PRODUCTS = new Set(['CNC', 'INTRADAY', 'MARGIN', 'CO', 'BO', 'MTF']);

const toPaise = (rupees: unknown) => Math.round(Number(rupees ?? 0) * 100);
const onTick = (paise: number, tickPaise: number) => paise % tickPaise === 0;

export function createEngine(deps: EngineDeps) {
  const orders: SimOrder[] = [];
  const trades: SimTrade[] = [];
  const bySymbol = new Map(deps.instruments.map((i) => [i.symbol, i]));
  let seq = 0;
  let tradeSeq = 0;

  const quote = (inst: SimInstrument): SimQuote | undefined =>
    deps.prices(inst.instrumentId) ?? deps.prices(inst.symbol);

  function validatePrices(inst: SimInstrument, type: number, limitPaise: number, stopPaise: number) {
    const tick = Math.round(inst.tickSize * 100);
    const tickText = inst.tickSize.toFixed(4);
    if ((type === 1 || type === 4) && (limitPaise <= 0 || !onTick(limitPaise, tick))) {
      throw new SimRefusal(-50, `Limit price not a multiple of tick size ${tickText}`);
    }
    if ((type === 3 || type === 4) && (stopPaise <= 0 || !onTick(stopPaise, tick))) {
      throw new SimRefusal(-50, `StopLoss not a multiple of tick size ${tickText}`);
    }
  }

  function place(appId: string, b: Record<string, unknown>): SimOrder {
    const inst = bySymbol.get(String(b.symbol ?? ''));
    if (!inst) throw new SimRefusal(-300, 'Invalid symbol');
    const qty = Number(b.qty);
    const type = Number(b.type);
    const side = Number(b.side);
    if (!Number.isInteger(qty) || qty <= 0 || qty % inst.lotSize !== 0) {
      throw new SimRefusal(-50, `Invalid qty: must be a multiple of lot size ${inst.lotSize}`);
    }
    if (![1, 2, 3, 4].includes(type)) throw new SimRefusal(-50, 'Invalid order type');
    if (side !== 1 && side !== -1) throw new SimRefusal(-50, 'Invalid side');
    if (!PRODUCTS.has(String(b.productType))) throw new SimRefusal(-50, 'Invalid productType');
    const tag = b.orderTag === undefined || b.orderTag === '' ? undefined : String(b.orderTag);
    if (tag !== undefined && !TAG.test(tag)) throw new SimRefusal(-50, 'Invalid orderTag: alphanumeric, 1-30 chars');
    const limitPaise = toPaise(b.limitPrice);
    const stopPaise = toPaise(b.stopPrice);
    validatePrices(inst, type, limitPaise, stopPaise);
    const now = deps.now();
    const order: SimOrder = {
      id: `26${String(now).slice(-6)}${String(++seq).padStart(4, '0')}`,
      appId,
      tag,
      inst,
      side: side as 1 | -1,
      productType: String(b.productType),
      validity: String(b.validity ?? 'DAY'),
      placedAt: now,
      type,
      qty,
      filled: 0,
      filledValuePaise: 0,
      limitPaise,
      stopPaise,
      triggered: false,
      status: 4,
      message: '',
      lastFillAt: now,
    };
    orders.push(order);
    deps.onOrder(order);
    order.status = 6;
    deps.onOrder(order);
    match(order);
    return order;
  }

  function find(appId: string, id: unknown): SimOrder {
    const o = orders.find((x) => x.id === String(id) && x.appId === appId);
    if (!o) throw new SimRefusal(-51, 'Invalid order id');
    return o;
  }

  function modify(appId: string, b: Record<string, unknown>): SimOrder {
    const o = find(appId, b.id);
    if (o.status !== 6) throw new SimRefusal(-99, 'Order is not in pending state; cannot modify');
    const type = b.type === undefined ? o.type : Number(b.type);
    const qty = b.qty === undefined ? o.qty : Number(b.qty);
    const limitPaise = b.limitPrice === undefined ? o.limitPaise : toPaise(b.limitPrice);
    const stopPaise = b.stopPrice === undefined ? o.stopPaise : toPaise(b.stopPrice);
    if (!Number.isInteger(qty) || qty <= o.filled || qty % o.inst.lotSize !== 0) {
      throw new SimRefusal(-50, `Invalid qty: must be a multiple of lot size ${o.inst.lotSize}`);
    }
    validatePrices(o.inst, type, limitPaise, stopPaise);
    Object.assign(o, { type, qty, limitPaise, stopPaise });
    deps.onOrder(o);
    match(o);
    return o;
  }

  function cancel(appId: string, id: unknown): SimOrder {
    const o = find(appId, id);
    if (o.status !== 6 && o.status !== 4) throw new SimRefusal(-99, 'Order is not in pending state; cannot cancel');
    o.status = 1;
    o.message = 'Cancelled by user';
    deps.onOrder(o);
    return o;
  }

  /** The price this order would fill at now, or undefined when it cannot fill. */
  function fillPrice(o: SimOrder, q: SimQuote): number | undefined {
    const touch = o.side === 1 ? q.askPaise : q.bidPaise;
    if (o.type === 3 || o.type === 4) {
      if (!o.triggered) o.triggered = o.side === 1 ? q.ltpPaise >= o.stopPaise : q.ltpPaise <= o.stopPaise;
      if (!o.triggered) return undefined;
    }
    if (o.type === 2 || o.type === 3) return touch;
    const marketable = o.side === 1 ? touch <= o.limitPaise : touch >= o.limitPaise;
    return marketable ? touch : undefined;
  }

  function match(o: SimOrder) {
    if (o.status !== 6) return;
    const f = deps.faults();
    const now = deps.now();
    if (now - (o.filled > 0 ? o.lastFillAt : o.placedAt) < f.fillDelayMs) return;
    const q = quote(o.inst);
    const price = q ? fillPrice(o, q) : undefined;
    if (price === undefined) {
      if (o.validity === 'IOC') Object.assign(o, { status: 1, message: 'IOC order cancelled: not filled' });
      if (o.validity === 'IOC') deps.onOrder(o);
      return;
    }
    const remaining = o.qty - o.filled;
    const chunk = f.fillChunkUnits > 0 ? Math.max(o.inst.lotSize, f.fillChunkUnits) : remaining;
    const qty = Math.min(remaining, chunk);
    o.filled += qty;
    o.filledValuePaise += qty * price;
    o.lastFillAt = now;
    if (o.filled === o.qty) o.status = 2;
    const trade = { id: `${o.id}${String(++tradeSeq).padStart(3, '0')}`, order: o, qty, pricePaise: price, at: now };
    trades.push(trade);
    deps.onTrade(trade);
    deps.onOrder(o);
  }

  return {
    place,
    modify,
    cancel,
    /** One matching pass over every open order. */
    matchAll: () => orders.forEach(match),
    orders: (appId: string) => orders.filter((o) => o.appId === appId),
    trades: (appId: string) => trades.filter((t) => t.order.appId === appId),
    quote,
    instruments: deps.instruments,
  };
}

export type SimEngine = ReturnType<typeof createEngine>;
