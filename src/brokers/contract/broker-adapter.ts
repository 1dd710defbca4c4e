import type { Clock } from '#src/platform/clock/clock';
import type { Capabilities } from './capabilities';
import type {
  BrokerCredentials,
  BrokerId,
  BrokerOrder,
  BrokerSession,
  Fill,
  Funds,
  ModifyRequest,
  OrderAck,
  OrderRequest,
  Position,
  SymbolResolver,
} from './types';

/** Stops a stream started by a `watch*` method. */
export type Unwatch = () => Promise<void>;

/**
 * One broker account's trading connection. Every method formats the request, calls the broker and parses
 * the reply; failures are thrown as BrokerError. A retryable error on a write means the outcome is unknown.
 */
export interface BrokerAdapter {
  readonly broker: BrokerId;
  readonly capabilities: Capabilities;
  createOrder(req: OrderRequest): Promise<OrderAck>;
  modifyOrder(req: ModifyRequest): Promise<OrderAck>;
  cancelOrder(brokerOrderId: string): Promise<OrderAck>;
  /** One order by broker id; undefined when the broker does not know it. */
  fetchOrder(brokerOrderId: string): Promise<BrokerOrder | undefined>;
  /** One order by our client order id (the tag); undefined when none carries it. */
  fetchOrderByTag(clientOrderId: string): Promise<BrokerOrder | undefined>;
  /** Today's order book. */
  fetchOrders(): Promise<BrokerOrder[]>;
  /** Today's trade book. */
  fetchFills(): Promise<Fill[]>;
  fetchPositions(): Promise<Position[]>;
  fetchFunds(): Promise<Funds>;
  /** Order-update push stream, where `capabilities.watchOrders` is not 'none'. */
  watchOrders?(onUpdate: (order: BrokerOrder) => void): Promise<Unwatch>;
  close(): Promise<void>;
}

/** The OAuth-style login of a broker. */
export interface BrokerAuth {
  /** The URL the trader's browser is sent to; `state` is the platform's signed single-use value. */
  authorizeUrl(p: { credentials: BrokerCredentials; state: string }): string;
  /** Exchanges the code from the redirect for a session. Throws BrokerError (AUTH_FAILED) on refusal. */
  exchangeCode(p: { credentials: BrokerCredentials; code: string; now: number }): Promise<BrokerSession>;
  /** Ends the session at the broker where it supports that. */
  logout?(p: { credentials: BrokerCredentials; session: BrokerSession }): Promise<void>;
}

/** What an adapter needs to run for one account. */
export interface AdapterDeps {
  readonly session: BrokerSession;
  readonly credentials: BrokerCredentials;
  readonly symbols: SymbolResolver;
  readonly clock: Clock;
}

/** A broker, as registered in brokers/registry.ts: one line per broker. */
export interface BrokerDefinition<TConfig = unknown> {
  readonly id: BrokerId;
  readonly label: string;
  readonly capabilities: Capabilities;
  /** Per-broker configuration (hosts, limits), validated once at start. */
  readonly config: TConfig;
  readonly auth: BrokerAuth;
  createAdapter(deps: AdapterDeps): BrokerAdapter;
}
