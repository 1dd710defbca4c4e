/** FyersAdapter: domain types in, domain types out. Each method formats, calls and parses; nothing else. */
import {
  type AdapterDeps,
  type BrokerAdapter,
  BrokerError,
  type BrokerOrder,
  type OrderAck,
  type Unwatch,
} from '#src/brokers/contract';
import { authorizationHeader } from './auth';
import { fyersCapabilities } from './capabilities';
import type { FyersConfig } from './config';
import { formatModifyOrder, formatPlaceOrder } from './format';
import { createFyersHttp } from './http';
import { startOrderUpdates } from './order-updates';
import { createPacer, type Pacer } from './pacer';
import { parseFill, parseFunds, parseOrder, parsePosition, parseTag } from './parse';
import type { FyersOrderReply, FyersOrderRow } from './wire';

const defined = <T>(x: T | undefined): x is T => x !== undefined;

function parseAck(reply: FyersOrderReply): OrderAck {
  // A success without an order id is as good as no acknowledgement: the order book must say what happened.
  if (!reply.id) throw new BrokerError('NO_ACK', 'fyers', reply.message ?? 'accepted without an order id', reply);
  return { brokerOrderId: reply.id, raw: reply };
}

/**
 * Creates the adapter for one Fyers account session. Fyers counts requests per app, so accounts sharing an app
 * should share a `pacer` (the definition in index.ts keeps one per app id).
 */
export function createFyersAdapter(p: { config: FyersConfig; deps: AdapterDeps; pacer?: Pacer }): BrokerAdapter {
  const { config, deps } = p;
  const { symbols, clock, log } = deps;
  const authorization = () => {
    // A session known to be over is not sent: Fyers would answer -8/-16 anyway, and the account must reconnect.
    if (clock.now() >= deps.session.expiresAt) {
      throw new BrokerError('TOKEN_EXPIRED', 'fyers', 'the Fyers session has expired; reconnect the account');
    }
    return authorizationHeader(deps.credentials.appId, deps.session.accessToken);
  };
  const pacer = p.pacer ?? createPacer({ clock, perSecond: config.pacePerSecond, perMinute: config.pacePerMinute });
  const http = createFyersHttp({ config, pacer, clock, authorization, ...(log ? { log } : {}) });
  const stops = new Set<() => Promise<void>>();

  const toOrders = (rows: FyersOrderRow[]): BrokerOrder[] => {
    const orders = rows.map((r) => parseOrder(r, symbols));
    const unknown = orders.filter((o) => !o).length;
    if (unknown > 0) log?.debug({ unknown }, 'fyers orders in symbols outside the catalog skipped');
    return orders.filter(defined);
  };
  const byTag = (rows: FyersOrderRow[], tag: string) => toOrders(rows.filter((r) => parseTag(r.orderTag) === tag))[0];

  const adapter: BrokerAdapter = {
    broker: 'fyers',
    capabilities: fyersCapabilities,
    createOrder: async (req) => parseAck(await http.placeOrder(formatPlaceOrder(req, symbols))),
    modifyOrder: async (req) => parseAck(await http.modifyOrder(formatModifyOrder(req))),
    cancelOrder: async (id) => parseAck(await http.cancelOrder(id)),
    async fetchOrder(id) {
      try {
        return toOrders((await http.orders({ id })).filter((r) => r.id === id))[0];
      } catch (e) {
        if (e instanceof BrokerError && e.code === 'ORDER_NOT_FOUND') return undefined;
        throw e;
      }
    },
    async fetchOrderByTag(tag) {
      // "Not found" leads to a resend, so a miss on the filtered query is confirmed against the whole book.
      return byTag(await http.orders({ orderTag: tag }), tag) ?? byTag(await http.orders(), tag);
    },
    fetchOrders: async () => toOrders(await http.orders()),
    fetchFills: async () => (await http.tradebook()).map((r) => parseFill(r, symbols)).filter(defined),
    fetchPositions: async () => (await http.positions()).map((r) => parsePosition(r, symbols)).filter(defined),
    fetchFunds: async () => parseFunds(await http.funds()),
    async watchOrders(onUpdate, onState): Promise<Unwatch> {
      const stream = startOrderUpdates({
        config,
        authorization,
        poll: adapter.fetchOrders,
        symbols,
        clock,
        onUpdate,
        ...(onState ? { onState } : {}),
        ...(log ? { log } : {}),
      });
      stops.add(stream.stop);
      return async () => {
        stops.delete(stream.stop);
        await stream.stop();
      };
    },
    async close() {
      await Promise.all([...stops].map((stop) => stop()));
      stops.clear();
    },
  };
  return adapter;
}
