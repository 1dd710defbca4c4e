/**
 * An expected accounts failure with a stable code and an HTTP status. It carries `statusCode`, so the API's
 * problem+json handler renders it as a 4xx without knowing this module.
 */
export class AccountsError extends Error {
  override readonly name = 'AccountsError';
  constructor(
    readonly code: AccountsErrorCode,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const TABLE = {
  EMAIL_NOT_VERIFIED: [403, 'Verify your email address first'],
  ACCOUNT_INACTIVE: [403, 'This account is suspended or closed'],
  INVALID_CREDENTIALS: [401, 'Invalid email or password'],
  TOTP_REQUIRED: [401, 'A two-factor code is required'],
  TOTP_INVALID: [401, 'The two-factor code is not valid'],
  LOGIN_LOCKED: [429, 'Too many failed sign-ins; try again later'],
  RATE_LIMITED: [429, 'Too many requests; try again later'],
  TOKEN_INVALID: [400, 'The link is invalid, used or expired'],
  TOTP_NOT_SET_UP: [409, 'Two-factor authentication is not set up'],
  TOTP_ALREADY_ENABLED: [409, 'Two-factor authentication is already on'],
  INVALID_TRANSITION: [409, 'That lifecycle change is not allowed from the current status'],
  OPEN_POSITIONS: [409, 'The client still has open positions'],
  NOT_FOUND: [404, 'Not found'],
  CONFLICT: [409, 'Already exists'],
  SUBSCRIPTION_REQUIRED: [409, 'The user has no active subscription'],
  PLAN_LIMIT: [409, 'The plan does not allow this'],
  BROKER_UNSUPPORTED: [409, 'This broker cannot be connected'],
  CREDENTIALS_MISSING: [409, 'Save the broker app credentials first'],
  STATE_INVALID: [400, 'The broker login state is invalid, used or expired'],
  BROKER_AUTH_FAILED: [400, 'The broker refused the login'],
  MODE_NOT_ALLOWED: [409, 'This account cannot trade live'],
  API_KEY_NOT_ALLOWED: [403, 'This action needs a signed-in session, not an API key'],
} as const satisfies Record<string, readonly [number, string]>;

export type AccountsErrorCode = keyof typeof TABLE;

/** Builds the error for a code; `detail` replaces the default message. */
export function accountsError(code: AccountsErrorCode, detail?: string): AccountsError {
  const [status, title] = TABLE[code];
  return new AccountsError(code, status, detail ?? title);
}
