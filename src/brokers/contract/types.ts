import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';

/** Brokers the platform knows. `paper` is the simulated broker used for paper mode. */
export const BROKER_IDS = ['paper', 'fyers', 'flattrade', 'aliceblue', 'mastertrust'] as const;
export type BrokerId = (typeof BROKER_IDS)[number];

export type Side = 'BUY' | 'SELL';
export type OrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
/** INTRADAY = MIS, MARGIN = NRML (carry forward), DELIVERY = CNC. */
export type ProductType = 'INTRADAY' | 'MARGIN' | 'DELIVERY';
export type Validity = 'DAY' | 'IOC';

/** A broker order's state as the broker reports it, in the platform's words. */
export type BrokerOrderStatus =
  | 'PENDING' // in transit / validation at the broker
  | 'OPEN' // resting at the exchange
  | 'TRIGGER_PENDING' // stop order waiting for its trigger
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELLED'
  | 'REJECTED'
  | 'EXPIRED';

/** Terminal broker statuses: nothing more will happen to the order. */
export const TERMINAL_BROKER_STATUSES: ReadonlySet<BrokerOrderStatus> = new Set([
  'FILLED',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
]);

/** What the platform asks a broker to do. Quantities are in units (lots × lot size), prices in paise. */
export interface OrderRequest {
  /** The platform's deterministic id; sent as the broker order tag where the broker supports one. */
  readonly clientOrderId: string;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly qtyUnits: number;
  readonly orderType: OrderType;
  readonly product: ProductType;
  readonly validity?: Validity;
  readonly limitPricePaise?: Paise;
  readonly triggerPricePaise?: Paise;
  /**
   * The exchange-issued algo id (SEBI retail-algo framework: mandatory on every algo order from 2026-04-01): the
   * strategy's registered id or a generic one. Sent on the wire where `capabilities.algoId` is 'field'; adapters
   * without such a field ignore it (the order row records it either way).
   */
  readonly algoId?: string;
}

export interface ModifyRequest {
  readonly brokerOrderId: string;
  readonly orderType: OrderType;
  readonly qtyUnits?: number;
  readonly limitPricePaise?: Paise;
  readonly triggerPricePaise?: Paise;
}

/** The broker accepted the request. Accepted is not filled: track the order to a terminal state. */
export interface OrderAck {
  readonly brokerOrderId: string;
  readonly raw?: unknown;
}

/** An order as it stands at the broker. */
export interface BrokerOrder {
  readonly brokerOrderId: string;
  /** The tag the order carries, i.e. our client order id, where the broker supports tags. */
  readonly clientOrderId: string | undefined;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly product: ProductType;
  readonly qtyUnits: number;
  readonly filledQtyUnits: number;
  /** Average fill price; 0 when nothing is filled. */
  readonly avgPricePaise: Paise;
  readonly limitPricePaise: Paise | undefined;
  readonly triggerPricePaise: Paise | undefined;
  readonly status: BrokerOrderStatus;
  readonly rejectReason: string | undefined;
  /** Broker's time of the order's placement, epoch ms. */
  readonly placedAt: number;
  /** The algo id the order carries, where the broker reports one (and the paper broker, which records it). */
  readonly algoId?: string | undefined;
  readonly raw?: unknown;
}

/** One execution (trade-book row). */
export interface Fill {
  readonly brokerOrderId: string;
  readonly fillId: string;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly qtyUnits: number;
  readonly pricePaise: Paise;
  readonly at: number;
  readonly raw?: unknown;
}

export interface Position {
  readonly instrumentId: InstrumentId;
  readonly product: ProductType;
  /** Positive long, negative short. */
  readonly netQtyUnits: number;
  readonly buyAvgPaise: Paise;
  readonly sellAvgPaise: Paise;
  readonly realizedPaise: Paise;
  readonly raw?: unknown;
}

export interface Funds {
  readonly availablePaise: Paise;
  readonly utilisedPaise: Paise;
  readonly raw?: unknown;
}

/** A broker login session (daily). The token is a secret: never logged, never returned by the API. */
export interface BrokerSession {
  readonly accessToken: string;
  /** When the session stops working, epoch ms (from the token or the broker's daily rule). */
  readonly expiresAt: number;
  /** The broker's client id of the logged-in user, where the broker reports it. */
  readonly brokerClientId?: string;
  /** Extra broker-specific session fields (e.g. a feed key), kept opaque outside the adapter. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** A broker's per-user or per-platform app credentials. Secrets, encrypted at rest. */
export interface BrokerCredentials {
  readonly appId: string;
  readonly appSecret: string;
  readonly redirectUri: string;
}

/** One row of a broker's instrument master, as the catalog's broker symbol table stores it. */
export interface BrokerInstrument {
  readonly instrumentId: InstrumentId;
  /** The broker's trading symbol, exactly as its master file gives it. */
  readonly brokerSymbol: string;
  /** The broker's numeric instrument token, where it has one. */
  readonly token: string;
  readonly lotSize: number;
  readonly tickSizePaise: number;
  /** Expiry date in IST, YYYY-MM-DD; undefined for cash and index instruments. */
  readonly expiry: string | undefined;
}

/**
 * Resolves the platform's instrument ids to a broker's symbols (from that broker's instrument master).
 * `toBroker` throws BrokerError INVALID_ORDER for an instrument the broker does not list.
 */
export interface SymbolResolver {
  toBroker(id: InstrumentId): { readonly symbol: string; readonly token?: string; readonly exchange?: string };
  fromBroker(symbolOrToken: string): InstrumentId | undefined;
}
