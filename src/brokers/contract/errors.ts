/** The broker error tree, as data: one class, a closed set of codes, and one retryability table. */
export const BROKER_ERROR_CODES = [
  'RATE_LIMITED',
  'TIMEOUT',
  'UNAVAILABLE',
  'NO_ACK',
  'TOKEN_EXPIRED',
  'AUTH_FAILED',
  'INVALID_ORDER',
  'INSUFFICIENT_FUNDS',
  'REJECTED',
  'NOT_SUPPORTED',
  'IP_NOT_ALLOWED',
  'ORDER_NOT_FOUND',
] as const;
export type BrokerErrorCode = (typeof BROKER_ERROR_CODES)[number];

const RETRYABLE: Readonly<Record<BrokerErrorCode, boolean>> = {
  RATE_LIMITED: true,
  TIMEOUT: true,
  UNAVAILABLE: true,
  // The broker took the request but did not acknowledge it (Fyers code 201): the outcome is unknown, as after a
  // timeout, but the request certainly arrived, so it is kept apart from TIMEOUT for logs and metrics.
  NO_ACK: true,
  TOKEN_EXPIRED: false,
  AUTH_FAILED: false,
  INVALID_ORDER: false,
  INSUFFICIENT_FUNDS: false,
  REJECTED: false,
  NOT_SUPPORTED: false,
  IP_NOT_ALLOWED: false,
  ORDER_NOT_FOUND: false,
};

/**
 * Retryable errors are network-class: on a command that writes, they mean the outcome is UNKNOWN and must be
 * resolved by an order-book lookup before any resend.
 */
export function isRetryable(code: BrokerErrorCode): boolean {
  return RETRYABLE[code];
}

/** Errors that mean the account's broker session is unusable until the trader reconnects. */
export function isSessionError(code: BrokerErrorCode): boolean {
  return code === 'TOKEN_EXPIRED' || code === 'AUTH_FAILED';
}

/** The one error class every adapter throws. `raw` is the sanitised broker body (no tokens). */
export class BrokerError extends Error {
  override readonly name = 'BrokerError';
  constructor(
    readonly code: BrokerErrorCode,
    readonly broker: string,
    message: string,
    readonly raw?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }

  toJSON() {
    return { code: this.code, broker: this.broker, message: this.message, raw: this.raw };
  }
}

/** An error-mapping table: exact broker codes first, then substrings of the message. */
export interface ErrorTable {
  readonly exact: Readonly<Record<string, BrokerErrorCode>>;
  readonly broad: Readonly<Record<string, BrokerErrorCode>>;
}

export function defineErrorTable(table: ErrorTable): ErrorTable {
  return table;
}

/** Maps a broker code/message through a table; falls back to REJECTED so nothing is silently a success. */
export function mapBrokerError(table: ErrorTable, code: string | number | undefined, message: string): BrokerErrorCode {
  if (code !== undefined) {
    const exact = table.exact[String(code)];
    if (exact) return exact;
  }
  for (const [needle, mapped] of Object.entries(table.broad)) {
    if (message.toLowerCase().includes(needle.toLowerCase())) return mapped;
  }
  return 'REJECTED';
}
