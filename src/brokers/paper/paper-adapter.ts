import { istDate } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { averagePrice } from '#src/domain/order';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import {
  type BrokerAdapter,
  BrokerError,
  type BrokerOrder,
  type Fill,
  type ModifyRequest,
  type OrderRequest,
  type Position,
  TERMINAL_BROKER_STATUSES,
} from '../contract';
import { paperCapabilities } from './capabilities';
import { paperFillCharges } from './charges';
import { decideFill } from './fill-model';

/** Dependencies of the paper broker: the bus holds its book (shared by executors, survives restarts). */
export interface PaperDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly accountId: string;
  /** Latest quote of an instrument (the LTP cache). */
  readonly quote: (id: InstrumentId) => Promise<Tick | undefined>;
  readonly slippagePaise?: number;
  /** At most this many units fill per quote that touches the order (partial fills); default: all at once. */
  readonly maxFillUnitsPerQuote?: number;
  /** Simulated broker round trip before each order is acknowledged, wall ms; default 0. */
  readonly latencyMs?: number;
}

type StoredOrder = BrokerOrder & { readonly fills: Fill[] };

const BOOK_TTL_MS = 3 * 24 * 3_600_000;

/** A simulated broker account. Orders carry the `PAPER-` prefix so nobody mistakes them for real ones. */
export function createPaperAdapter(deps: PaperDeps): BrokerAdapter {
  const k = (suffix: string) => `paper:${deps.accountId}:${suffix}`;
  const save = (o: StoredOrder) => deps.bus.set(k(`o:${o.brokerOrderId}`), JSON.stringify(o), BOOK_TTL_MS);
  const load = async (id: string): Promise<StoredOrder | undefined> => {
    const raw = await deps.bus.get(k(`o:${id}`));
    return raw ? (JSON.parse(raw) as StoredOrder) : undefined;
  };

  /** Fills a working order if the latest quote allows it; returns the order as it now stands. */
  const match = async (o: StoredOrder): Promise<StoredOrder> => {
    if (TERMINAL_BROKER_STATUSES.has(o.status)) return o;
    const q = await deps.quote(o.instrumentId);
    if (!q) return o;
    const d = decideFill(o, q, deps.slippagePaise ?? 0);
    if (!d.fill) return o;
    const remaining = o.qtyUnits - o.filledQtyUnits;
    const qty = Math.min(remaining, deps.maxFillUnitsPerQuote ?? remaining);
    const at = deps.clock.now();
    const charges = paperFillCharges({ ...o, qtyUnits: qty, pricePaise: d.pricePaise, istDate: istDate(at) });
    const fill: Fill = {
      brokerOrderId: o.brokerOrderId,
      fillId: `${o.brokerOrderId}-F${o.fills.length + 1}`,
      instrumentId: o.instrumentId,
      side: o.side,
      qtyUnits: qty,
      pricePaise: d.pricePaise as Paise,
      at,
      // Labelled so no screen or report can mistake a paper fill for an exchange execution.
      raw: { simulated: true, charges: charges ?? null },
    };
    const fills = [...o.fills, fill];
    const filledQty = o.filledQtyUnits + qty;
    const filled: StoredOrder = {
      ...o,
      status: filledQty === o.qtyUnits ? 'FILLED' : 'PARTIALLY_FILLED',
      filledQtyUnits: filledQty,
      avgPricePaise: averagePrice(fills),
      fills,
    };
    await save(filled);
    return filled;
  };

  const strip = ({ fills: _fills, ...o }: StoredOrder): BrokerOrder => o;

  const createOrder = async (req: OrderRequest) => {
    if (deps.latencyMs) await new Promise((r) => setTimeout(r, deps.latencyMs));
    const seq = await deps.bus.incr(k('seq'), 1, BOOK_TTL_MS);
    const brokerOrderId = `PAPER-${deps.accountId.slice(0, 8)}-${seq}`;
    if (!(await deps.bus.setIfAbsent(k(`tag:${req.clientOrderId}`), brokerOrderId, BOOK_TTL_MS))) {
      throw new BrokerError('REJECTED', 'paper', `duplicate order tag ${req.clientOrderId}`);
    }
    const o: StoredOrder = {
      brokerOrderId,
      clientOrderId: req.clientOrderId,
      instrumentId: req.instrumentId,
      side: req.side,
      orderType: req.orderType,
      product: req.product,
      qtyUnits: req.qtyUnits,
      filledQtyUnits: 0,
      avgPricePaise: 0 as Paise,
      limitPricePaise: req.limitPricePaise,
      triggerPricePaise: req.triggerPricePaise,
      status: req.orderType === 'SL' || req.orderType === 'SL-M' ? 'TRIGGER_PENDING' : 'OPEN',
      rejectReason: undefined,
      placedAt: deps.clock.now(),
      // Recorded as a broker with an algo-id field would carry it (capabilities.algoId 'field').
      ...(req.algoId ? { algoId: req.algoId } : {}),
      fills: [],
    };
    await save(o);
    await match(o);
    return { brokerOrderId };
  };

  const require = async (id: string) => {
    const o = await load(id);
    if (!o) throw new BrokerError('ORDER_NOT_FOUND', 'paper', `no paper order ${id}`);
    return o;
  };

  const allOrders = async (): Promise<StoredOrder[]> => {
    const keys = await deps.bus.keys(k('o:*'));
    const found = await Promise.all(keys.map((key) => load(key.slice(key.lastIndexOf(':') + 1))));
    return Promise.all(found.filter((o): o is StoredOrder => o !== undefined).map(match));
  };

  return {
    broker: 'paper',
    capabilities: paperCapabilities,
    createOrder,
    async modifyOrder(req: ModifyRequest) {
      const o = await require(req.brokerOrderId);
      if (TERMINAL_BROKER_STATUSES.has(o.status)) throw new BrokerError('REJECTED', 'paper', `order is ${o.status}`);
      await save({
        ...o,
        orderType: req.orderType,
        qtyUnits: req.qtyUnits ?? o.qtyUnits,
        limitPricePaise: req.limitPricePaise ?? o.limitPricePaise,
        triggerPricePaise: req.triggerPricePaise ?? o.triggerPricePaise,
      });
      return { brokerOrderId: o.brokerOrderId };
    },
    async cancelOrder(id) {
      const o = await require(id);
      if (TERMINAL_BROKER_STATUSES.has(o.status)) throw new BrokerError('REJECTED', 'paper', `order is ${o.status}`);
      await save({ ...o, status: 'CANCELLED' });
      return { brokerOrderId: id };
    },
    async fetchOrder(id) {
      const o = await load(id);
      return o ? strip(await match(o)) : undefined;
    },
    async fetchOrderByTag(tag) {
      const id = await deps.bus.get(k(`tag:${tag}`));
      const o = id ? await load(id) : undefined;
      return o ? strip(await match(o)) : undefined;
    },
    fetchOrders: async () => (await allOrders()).map(strip),
    fetchFills: async () => (await allOrders()).flatMap((o) => o.fills),
    async fetchPositions() {
      const net = new Map<string, { qty: number; buy: number; buyQty: number; sell: number; sellQty: number }>();
      for (const f of (await allOrders()).flatMap((o) => o.fills)) {
        const p = net.get(f.instrumentId) ?? { qty: 0, buy: 0, buyQty: 0, sell: 0, sellQty: 0 };
        if (f.side === 'BUY')
          Object.assign(p, {
            qty: p.qty + f.qtyUnits,
            buy: p.buy + f.qtyUnits * f.pricePaise,
            buyQty: p.buyQty + f.qtyUnits,
          });
        else
          Object.assign(p, {
            qty: p.qty - f.qtyUnits,
            sell: p.sell + f.qtyUnits * f.pricePaise,
            sellQty: p.sellQty + f.qtyUnits,
          });
        net.set(f.instrumentId, p);
      }
      return [...net].map(([id, p]): Position => {
        const closed = Math.min(p.buyQty, p.sellQty);
        const buyAvg = p.buyQty ? p.buy / p.buyQty : 0;
        const sellAvg = p.sellQty ? p.sell / p.sellQty : 0;
        return {
          instrumentId: id as InstrumentId,
          product: 'INTRADAY',
          netQtyUnits: p.qty,
          buyAvgPaise: Math.round(buyAvg) as Paise,
          sellAvgPaise: Math.round(sellAvg) as Paise,
          realizedPaise: Math.round((sellAvg - buyAvg) * closed) as Paise,
        };
      });
    },
    fetchFunds: async () => ({ availablePaise: 100_000_000 as Paise, utilisedPaise: 0 as Paise }),
    close: async () => undefined,
  };
}
