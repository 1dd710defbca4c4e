/**
 * Fyers error codes and messages → the platform's error codes (reference/brokers.md §1.1, §1.2, §1.8, §5).
 * Exact codes first, then message substrings; anything else is REJECTED with the raw body kept.
 */
import { type BrokerErrorCode, defineErrorTable, mapBrokerError } from '#src/brokers/contract';

export const fyersErrors = defineErrorTable({
  exact: {
    // §1.2 "Common API Error Codes". -8 and -17 name expiry; -16 is what an expired daily token answers (§5).
    '-8': 'TOKEN_EXPIRED',
    '-16': 'TOKEN_EXPIRED',
    '-17': 'TOKEN_EXPIRED',
    // -15 is a malformed/invalid token: reconnecting with the same credentials is what fixes it, not waiting.
    '-15': 'AUTH_FAILED',
    // Bad appIdHash at login (§1.1 step 3).
    '-371': 'AUTH_FAILED',
    '-50': 'INVALID_ORDER',
    '-51': 'ORDER_NOT_FOUND',
    '-53': 'INVALID_ORDER',
    '-300': 'INVALID_ORDER',
    '-429': 'RATE_LIMITED',
    // -99 is "order rejected, reason in the message": the message table decides (insufficient funds, static
    // IP …) and anything else falls back to REJECTED.
    // -352 means either "invalid App ID" or "no position to exit", so it is left to the message table.
  },
  broad: {
    'invalid app id': 'AUTH_FAILED',
    'sha256 hash of appid': 'AUTH_FAILED',
    'could not authenticate': 'TOKEN_EXPIRED',
    'token expired': 'TOKEN_EXPIRED',
    'token has expired': 'TOKEN_EXPIRED',
    'invalid token': 'AUTH_FAILED',
    'rate limit': 'RATE_LIMITED',
    'too many requests': 'RATE_LIMITED',
    'insufficient fund': 'INSUFFICIENT_FUNDS',
    'insufficient balance': 'INSUFFICIENT_FUNDS',
    'margin shortfall': 'INSUFFICIENT_FUNDS',
    'static ip': 'IP_NOT_ALLOWED',
    'ip address': 'IP_NOT_ALLOWED',
    'not a multiple of tick size': 'INVALID_ORDER',
    'invalid symbol': 'INVALID_ORDER',
    'invalid order id': 'ORDER_NOT_FOUND',
    'no position to exit': 'REJECTED',
    'service unavailable': 'UNAVAILABLE',
  },
});

/** Maps a Fyers failure (body code and message, plus the HTTP status) to the platform's code. */
export function mapFyersError(p: { httpStatus: number; code: number | undefined; message: string }): BrokerErrorCode {
  if (p.httpStatus === 429) return 'RATE_LIMITED';
  const mapped = mapBrokerError(fyersErrors, p.code, p.message);
  if (mapped !== 'REJECTED') return mapped;
  // A 5xx that carries no recognisable Fyers code says nothing definite about the request.
  if (p.httpStatus >= 500 && p.code !== -99) return 'UNAVAILABLE';
  if (p.httpStatus === 401 || p.httpStatus === 403) return 'AUTH_FAILED';
  return 'REJECTED';
}
