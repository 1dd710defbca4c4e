/** Shapes shared by the Fyers simulator's parts. */

/** Prices the simulated exchange quotes for an instrument, in paise. */
export interface SimQuote {
  readonly ltpPaise: number;
  readonly bidPaise: number;
  readonly askPaise: number;
  /** Cumulative day volume, for the feed. */
  readonly volume?: number;
}

/** Looks a price up by platform instrument id or by Fyers symbol; undefined when there is none. */
export type PriceSource = (instrumentIdOrSymbol: string) => SimQuote | undefined;

/** One instrument the simulator lists: every column of its symbol-master row (reference/brokers.md §1.7). */
export interface SimInstrument {
  /** The platform's id, used to ask the price source. */
  readonly instrumentId: string;
  readonly fytoken: string;
  readonly details: string;
  readonly exchInstType: number;
  readonly lotSize: number;
  readonly tickSize: number;
  readonly isin: string;
  readonly expiryEpochS: number;
  /** The Fyers symbol, e.g. NSE:NIFTY26D0124000CE. */
  readonly symbol: string;
  readonly exchange: 10 | 11 | 12;
  readonly segment: 10 | 11 | 20;
  readonly scripCode: string;
  readonly underlying: string;
  readonly underlyingScripCode: string;
  readonly strike: number;
  readonly optionType: 'CE' | 'PE' | 'XX';
  readonly underlyingFytoken: string;
  /** For an index: its name in HSM `if|<seg>|<name>` topics. */
  readonly hsmIndexName?: string;
}

/** Fault injection settings. Rates draw from the seeded generator, one draw per order write. */
export interface FyersSimFaults {
  /** Share of order writes that are carried out but never answered: the connection hangs, then drops. */
  timeoutRate: number;
  /** How long a "timed out" request hangs before its connection is dropped. */
  hangMs: number;
  /** Share of order writes answered with HTTP 5xx before anything is done. */
  http5xxRate: number;
  /** Share of order writes carried out and answered with code 201 (no acknowledgement). */
  noAckRate: number;
  /** The next order write meets this fate whatever the rates (then cleared). */
  failNextWrite: 'timeout' | 'noAck' | 'http5xx' | null;
  /** The next order write is refused with this Fyers error (then cleared). */
  rejectNext: { code: number; message: string; httpStatus?: number } | null;
  /** Every token stops working at this epoch ms (401, code -16). */
  tokenExpiresAt: number | null;
  /** An order fills no earlier than this long after it was placed (and after its previous partial fill). */
  fillDelayMs: number;
  /** At most this many units fill per matching pass: partial fills. 0 = no limit. */
  fillChunkUnits: number;
  /** Answer Fyers' published limits (10/s, 200/min per app) with 429. */
  enforceRateLimits: boolean;
  /** The next N authenticated calls get 429 whatever the rate. */
  rateLimitNext: number;
  /** The order socket refuses handshakes with HTTP 503 (clients must fall back to polling). */
  refuseOrderSocket: boolean;
  /** The HSM feed keeps connections open but sends nothing. */
  stallFeed: boolean;
}

export const DEFAULT_FAULTS: FyersSimFaults = {
  timeoutRate: 0,
  hangMs: 30_000,
  http5xxRate: 0,
  noAckRate: 0,
  failNextWrite: null,
  rejectNext: null,
  tokenExpiresAt: null,
  fillDelayMs: 0,
  fillChunkUnits: 0,
  enforceRateLimits: true,
  rateLimitNext: 0,
  refuseOrderSocket: false,
  stallFeed: false,
};

/** Fyers' own messages, for `rejectNext` (reference/brokers.md §1.1–1.2, §5). */
export const FYERS_REJECTIONS = {
  /** -50 with the parameter named, as documented. */
  tickSize: { code: -50, message: 'StopLoss not a multiple of tick size 0.0500', httpStatus: 400 },
  /** -99 carries the reason; the RMS wording here is the simulator's own (Fyers' exact text is not documented). */
  insufficientFunds: { code: -99, message: 'RMS:Insufficient funds to place the order', httpStatus: 400 },
  rejected: { code: -99, message: 'RMS:Order rejected by the risk system', httpStatus: 400 },
  invalidSymbol: { code: -300, message: 'Invalid symbol', httpStatus: 400 },
  rateLimited: { code: -429, message: 'request limit reached', httpStatus: 429 },
  tokenExpired: { code: -16, message: 'Could not authenticate the user', httpStatus: 401 },
  staticIp: { code: -99, message: 'Orders are allowed only from a registered static IP address', httpStatus: 403 },
} as const;
