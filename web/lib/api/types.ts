/** Wire shapes of the platform API (`/api/v1/...`) as the dashboard reads them. Money is integer paise. */

/** Roles a signed-in user can have. */
export type Role = 'trader' | 'ops' | 'admin' | 'super_admin';

/** The signed-in user, from `POST /auth/login` and `GET /me`. */
export interface User {
  id: string;
  email: string;
  role: Role;
  displayName: string;
}

/** Whether an account's orders go to a broker or to the paper simulator. */
export type BrokerMode = 'paper' | 'live';

/** Order side. */
export type Side = 'BUY' | 'SELL';

/** One open position, from `GET /positions` and from `pnl` stream frames. */
export interface Position {
  tradeId: string;
  accountId: string;
  accountLabel: string;
  brokerMode: BrokerMode;
  strategy: string;
  instrumentId: string;
  side: Side;
  qtyUnits: number;
  entryPricePaise: number;
  ltpPaise: number;
  pnlPaise: number;
  isStale: boolean;
  enteredAt: number;
}

/** Trade lifecycle states. */
export type TradeStatus = 'PENDING_ENTRY' | 'OPEN' | 'EXITING' | 'CLOSED' | 'ENTRY_TIMEOUT' | 'REJECTED';

/** One of today's trades, from `GET /trades` and from `trade` stream frames. */
export interface Trade {
  id: string;
  strategy: string;
  accountLabel: string;
  brokerMode: BrokerMode;
  instrumentId: string;
  side: Side;
  qtyUnits: number;
  lots: number;
  status: TradeStatus;
  entryPricePaise: number | null;
  exitPricePaise: number | null;
  exitReason: string | null;
  pnlPaise: number | null;
  enteredAt: number | null;
  exitedAt: number | null;
}

/** Best prices for one instrument, from `ltp` stream frames. */
export interface Quote {
  ltpPaise: number;
  bidPaise: number;
  askPaise: number;
  ts: number;
}

/** RFC 9457 problem details, the body of every API error. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Stable SCREAMING_SNAKE code (BROKER_AUTH_FAILED, VALIDATION_FAILED …). */
  code?: string;
  /** Per-field failures of a VALIDATION_FAILED problem; `path` is a JSON pointer such as `/credentials/appId`. */
  errors?: Array<{ path: string; message: string }>;
}

/** Broker session state of an account, as of the server's clock. */
export type TokenState = 'NOT_CONNECTED' | 'CONNECTED' | 'EXPIRED' | 'REVOKED';

/** One of the trader's broker accounts, from `/broker-accounts`: never credentials, never the session. */
export interface BrokerAccount {
  id: string;
  userId: string;
  broker: string;
  label: string;
  brokerClientId: string;
  /** What the trader chose. */
  mode: BrokerMode;
  /** What the platform trades with now. */
  effectiveMode: BrokerMode;
  /** Why the account trades paper (TOKEN_EXPIRED, NOT_CONNECTED …), null when live. */
  modeReason: string | null;
  tokenState: TokenState;
  tokenExpiresAt: number | null;
  hasCredentials: boolean;
  halted: boolean;
  adminForcedPaper: boolean;
  createdAt: number;
}

/** The broker app's credentials, sent when an account is added; never returned. */
export interface BrokerCredentials {
  appId: string;
  appSecret: string;
  redirectUri: string;
}

/** The body of `POST /broker-accounts`. */
export interface NewBrokerAccount {
  broker: string;
  label: string;
  brokerClientId: string;
  credentials?: BrokerCredentials;
}
