import {
  type BrokerAdapter,
  BrokerError,
  type BrokerOrder,
  type Capabilities,
  type OrderRequest,
  type Position,
} from '#src/brokers/contract';
import type { Paise } from '#src/domain/money/paise';

/** What the memory broker does with the next order: accept, accept but time out, fail 5xx, or reject. */
export type Outcome = 'ok' | 'timeout-created' | 'unavailable' | 'reject';

export interface MemoryBrokerOptions {
  readonly capabilities?: Partial<Capabilities>;
  /** Decides each createOrder's outcome; default always 'ok'. */
  readonly outcome?: (req: OrderRequest, n: number) => Outcome;
  /** Fill price of every order (paise); orders fill at once unless `fillOnCreate` is false. */
  readonly fillPricePaise?: number;
  readonly fillOnCreate?: boolean;
  /** Simulated network latency per call, ms. */
  readonly latencyMs?: number;
  /** The broker's clock for each order's placement time (default 0). */
  readonly now?: () => number;
}

export const memoryBrokerCapabilities: Capabilities = {
  createOrder: 'native',
  modifyOrder: 'native',
  cancelOrder: 'native',
  fetchOrderByTag: 'native',
  watchOrders: 'none',
  watchTicks: 'none',
  marketOrders: 'native',
  stopMarketOrders: 'native',
  algoId: 'field',
  orderTag: { supported: true, maxLength: 30, alphanumericOnly: true },
  slicing: 'none',
  orderRateLimits: { perSecond: 10 },
  sessionExpiry: { kind: 'NEVER' },
};

/**
 * An in-memory broker for gateway tests and the benchmark: it keeps every order it was sent (duplicates included,
 * so a test can count them) and can be scripted to time out after accepting, fail, or reject.
 */
export function createMemoryBroker(opts: MemoryBrokerOptions = {}) {
  const book: (BrokerOrder & { accountId: string })[] = [];
  const requests: OrderRequest[] = [];
  const caps = { ...memoryBrokerCapabilities, ...opts.capabilities };
  const wait = () => (opts.latencyMs ? new Promise((r) => setTimeout(r, opts.latencyMs)) : Promise.resolve());
  const price = (opts.fillPricePaise ?? 100_00) as Paise;
  // A broker without tags keeps none: its book cannot be searched by our client order id.
  const tags = caps.orderTag.supported;

  const adapterFor = (accountId: string): BrokerAdapter => {
    const mine = () => book.filter((o) => o.accountId === accountId);
    const find = (id: string) => mine().find((o) => o.brokerOrderId === id);
    return {
      broker: 'fyers',
      capabilities: caps,
      async createOrder(req) {
        await wait();
        requests.push(req);
        const outcome = opts.outcome?.(req, requests.length) ?? 'ok';
        if (outcome === 'unavailable') throw new BrokerError('UNAVAILABLE', 'memory', 'HTTP 503');
        if (outcome === 'reject') throw new BrokerError('REJECTED', 'memory', 'RMS: margin exceeds');
        const filled = opts.fillOnCreate !== false;
        const o = {
          accountId,
          brokerOrderId: `M${book.length + 1}`,
          clientOrderId: tags ? req.clientOrderId : undefined,
          instrumentId: req.instrumentId,
          side: req.side,
          orderType: req.orderType,
          product: req.product,
          qtyUnits: req.qtyUnits,
          filledQtyUnits: filled ? req.qtyUnits : 0,
          avgPricePaise: (filled ? price : 0) as Paise,
          limitPricePaise: req.limitPricePaise,
          triggerPricePaise: req.triggerPricePaise,
          status: filled ? 'FILLED' : 'OPEN',
          rejectReason: undefined,
          placedAt: opts.now?.() ?? 0,
          algoId: req.algoId,
        } satisfies BrokerOrder & { accountId: string };
        book.push(o);
        if (outcome === 'timeout-created') throw new BrokerError('TIMEOUT', 'memory', 'request timed out');
        return { brokerOrderId: o.brokerOrderId };
      },
      modifyOrder: async () => {
        throw new BrokerError('NOT_SUPPORTED', 'memory', 'modify');
      },
      async cancelOrder(id) {
        await wait();
        const o = find(id);
        if (!o) throw new BrokerError('ORDER_NOT_FOUND', 'memory', id);
        if (o.status !== 'OPEN') throw new BrokerError('REJECTED', 'memory', `order is ${o.status}`);
        Object.assign(o, { status: 'CANCELLED' });
        return { brokerOrderId: id };
      },
      async fetchOrder(id) {
        await wait();
        return find(id);
      },
      async fetchOrderByTag(tag) {
        await wait();
        if (!tags) throw new BrokerError('NOT_SUPPORTED', 'memory', 'this broker keeps no order tags');
        return mine().find((o) => o.clientOrderId === tag);
      },
      async fetchOrders() {
        await wait();
        return mine();
      },
      fetchFills: async () => [],
      async fetchPositions() {
        const net = new Map<string, number>();
        for (const o of mine())
          net.set(o.instrumentId, (net.get(o.instrumentId) ?? 0) + (o.side === 'BUY' ? 1 : -1) * o.filledQtyUnits);
        return [...net].map(
          ([id, q]) =>
            ({
              instrumentId: id,
              product: 'INTRADAY',
              netQtyUnits: q,
              buyAvgPaise: 0,
              sellAvgPaise: 0,
              realizedPaise: 0,
            }) as Position,
        );
      },
      fetchFunds: async () => ({ availablePaise: 0 as Paise, utilisedPaise: 0 as Paise }),
      close: async () => undefined,
    };
  };
  const adapters = new Map<string, BrokerAdapter>();
  return {
    book,
    requests,
    /** The adapter of one account (one per account, as the router caches them). */
    adapter(accountId: string): BrokerAdapter {
      let a = adapters.get(accountId);
      if (!a) {
        a = adapterFor(accountId);
        adapters.set(accountId, a);
      }
      return a;
    },
    /** Fills an open order now (a late fill). */
    fill(brokerOrderId: string) {
      const o = book.find((x) => x.brokerOrderId === brokerOrderId);
      if (o && o.status === 'OPEN')
        Object.assign(o, { status: 'FILLED', filledQtyUnits: o.qtyUnits, avgPricePaise: price });
    },
  };
}
