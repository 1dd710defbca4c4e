import type { Logger } from 'pino';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Clock } from '#src/platform/clock/clock';
import type { Capabilities } from './capabilities';
import type {
  BrokerCredentials,
  BrokerId,
  BrokerInstrument,
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

/** Whether an order-update stream is connected ('LIVE') or not ('DOWN': its updates may be missed, poll). */
export type OrderStreamState = 'LIVE' | 'DOWN';

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
  /**
   * Order-update push stream, where `capabilities.watchOrders` is not 'none'. `onState` hears each connect
   * ('LIVE') and each drop ('DOWN'), so the caller polls only while the stream cannot be relied on.
   */
  watchOrders?(onUpdate: (order: BrokerOrder) => void, onState?: (state: OrderStreamState) => void): Promise<Unwatch>;
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
  /** Structured logger; adapters never log tokens or secrets. */
  readonly log?: Logger;
}

/** Connection state of a market feed, as reported to the feed worker. */
export type FeedState = 'CONNECTING' | 'LIVE' | 'RECONNECTING' | 'CLOSED';

/** What a broker market feed needs to run for one data account. */
export interface FeedDeps {
  readonly credentials: BrokerCredentials;
  /** Read again on every (re)connect, so a reconnected account's new token is picked up without a restart. */
  readonly getSession: () => Promise<BrokerSession>;
  readonly symbols: SymbolResolver;
  readonly clock: Clock;
  /** Ticks in the platform's vocabulary, batched per frame. */
  readonly onTicks: (ticks: readonly Tick[]) => void;
  readonly onState?: (state: FeedState, reason?: string) => void;
  readonly log?: Logger;
}

/** A broker's live market-data stream: subscriptions by instrument id, ticks out, reconnects on its own. */
export interface MarketFeed {
  readonly state: FeedState;
  subscribe(ids: readonly InstrumentId[]): void;
  unsubscribe(ids: readonly InstrumentId[]): void;
  close(): Promise<void>;
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
  /** The market feed, where `capabilities.watchTicks` is not 'none'. */
  createFeed?(deps: FeedDeps): MarketFeed;
  /** Downloads and parses the broker's instrument master into the catalog's broker symbol table. */
  fetchInstruments?(): Promise<BrokerInstrument[]>;
}
