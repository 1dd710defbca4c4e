import {
  type BrokerAdapter,
  BrokerError,
  type BrokerOrder,
  type Capabilities,
  type OrderRequest,
  type Position,
} from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';
import type { ChaosOrder } from './server';

/** The chaos broker's capability map: tags, no slicing (the gateway slices), published limits like Fyers'. */
export const chaosCapabilities: Capabilities = {
  createOrder: 'native',
  modifyOrder: 'none',
  cancelOrder: 'native',
  fetchOrderByTag: 'native',
  watchOrders: 'none',
  watchTicks: 'none',
  marketOrders: 'native',
  stopMarketOrders: 'native',
  algoId: 'none',
  orderTag: { supported: true, maxLength: 30, alphanumericOnly: true },
  slicing: 'none',
  orderRateLimits: { perSecond: 10, perMinute: 200 },
  sessionExpiry: { kind: 'NEVER' },
};

const toOrder = (o: ChaosOrder): BrokerOrder => ({
  brokerOrderId: o.id,
  clientOrderId: o.tag || undefined,
  instrumentId: o.instrumentId as InstrumentId,
  side: o.side,
  orderType: 'MARKET',
  product: 'INTRADAY',
  qtyUnits: o.qty,
  filledQtyUnits: o.filled,
  avgPricePaise: (o.filled > 0 ? o.pricePaise : 0) as Paise,
  limitPricePaise: undefined,
  triggerPricePaise: undefined,
  status: o.status,
  rejectReason: undefined,
  placedAt: o.placedAt,
});

/**
 * A BrokerAdapter for the chaos simulator: format, call, parse. A client-side timeout, a connection error and a
 * 5xx are the retryable codes the gateway must treat as "outcome unknown"; a 4xx is a definite refusal.
 */
export function createChaosAdapter(p: { baseUrl: string; accountId: string; timeoutMs?: number }): BrokerAdapter {
  const base = `${p.baseUrl}/accounts/${p.accountId}`;
  const call = async <T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<{ status: number; body: T }> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: init?.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(init?.body ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(p.timeoutMs ?? 300),
      });
    } catch (err) {
      const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new BrokerError(timeout ? 'TIMEOUT' : 'UNAVAILABLE', 'chaos', String(err), undefined, { cause: err });
    }
    if (res.status >= 500) throw new BrokerError('UNAVAILABLE', 'chaos', `HTTP ${res.status}`);
    return { status: res.status, body: (await res.json()) as T };
  };
  return {
    broker: 'fyers',
    capabilities: chaosCapabilities,
    async createOrder(req: OrderRequest) {
      const body = { tag: req.clientOrderId, instrumentId: req.instrumentId, side: req.side, qty: req.qtyUnits };
      const r = await call<{ id?: string; error?: string }>('/orders', { method: 'POST', body });
      if (r.status !== 200 || !r.body.id)
        throw new BrokerError('REJECTED', 'chaos', r.body.error ?? `HTTP ${r.status}`);
      return { brokerOrderId: r.body.id };
    },
    modifyOrder: async () => {
      throw new BrokerError('NOT_SUPPORTED', 'chaos', 'modify is not supported');
    },
    async cancelOrder(id) {
      const r = await call<{ id?: string; error?: string }>(`/orders/${id}/cancel`, { method: 'POST' });
      if (r.status !== 200) throw new BrokerError('REJECTED', 'chaos', r.body.error ?? `HTTP ${r.status}`);
      return { brokerOrderId: id };
    },
    async fetchOrder(id) {
      const r = await call<{ order?: ChaosOrder }>(`/orders/${id}`);
      return r.body.order ? toOrder(r.body.order) : undefined;
    },
    async fetchOrderByTag(tag) {
      const r = await call<{ orders: ChaosOrder[] }>(`/orders?tag=${encodeURIComponent(tag)}`);
      const found = r.body.orders[0];
      return found ? toOrder(found) : undefined;
    },
    fetchOrders: async () => (await call<{ orders: ChaosOrder[] }>('/orders')).body.orders.map(toOrder),
    fetchFills: async () => [],
    async fetchPositions() {
      const r = await call<{ positions: { instrumentId: string; qty: number }[] }>('/positions');
      return r.body.positions.map(
        (x): Position => ({
          instrumentId: x.instrumentId as InstrumentId,
          product: 'INTRADAY',
          netQtyUnits: x.qty,
          buyAvgPaise: 0 as Paise,
          sellAvgPaise: 0 as Paise,
          realizedPaise: 0 as Paise,
        }),
      );
    },
    fetchFunds: async () => ({ availablePaise: 0 as Paise, utilisedPaise: 0 as Paise }),
    close: async () => undefined,
  };
}
