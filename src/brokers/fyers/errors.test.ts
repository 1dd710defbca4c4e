import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { BrokerErrorCode } from '#src/brokers/contract';
import { mapFyersError } from './errors';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { code: number; message: string };

const cases: [number, number | undefined, string, BrokerErrorCode][] = [
  [401, -8, 'Your token has expired', 'TOKEN_EXPIRED'],
  [401, -15, 'Invalid token', 'AUTH_FAILED'],
  [401, -16, 'Could not authenticate the user', 'TOKEN_EXPIRED'],
  [401, -17, 'Token is invalid or expired', 'TOKEN_EXPIRED'],
  [400, -50, 'StopLoss not a multiple of tick size 0.0500', 'INVALID_ORDER'],
  [400, -51, 'Invalid order id', 'ORDER_NOT_FOUND'],
  [400, -99, 'RMS:Insufficient funds to place the order', 'INSUFFICIENT_FUNDS'],
  [400, -99, 'RMS:Order rejected by the risk system', 'REJECTED'],
  [403, -99, 'Orders are allowed only from a registered static IP address', 'IP_NOT_ALLOWED'],
  [400, -300, 'Invalid symbol', 'INVALID_ORDER'],
  [400, -352, 'Invalid App ID', 'AUTH_FAILED'],
  [400, -352, 'No position to exit', 'REJECTED'],
  [400, -371, 'Please provide sha256 hash of appId and app secret', 'AUTH_FAILED'],
  [429, -429, 'request limit reached', 'RATE_LIMITED'],
  [429, undefined, '', 'RATE_LIMITED'],
  [200, -429, 'request limit reached', 'RATE_LIMITED'],
  [503, undefined, 'HTTP 503', 'UNAVAILABLE'],
  [500, -1234, 'something new', 'UNAVAILABLE'],
  [400, -1234, 'something new', 'REJECTED'],
  [401, -1234, 'something new', 'AUTH_FAILED'],
];

for (const [httpStatus, code, message, want] of cases) {
  test(`maps HTTP ${httpStatus} code ${code} "${message}" to ${want}`, () => {
    assert.equal(mapFyersError({ httpStatus, code, message }), want);
  });
}

test('maps the documented error payloads', () => {
  const map = (httpStatus: number, f: { code: number; message: string }) => mapFyersError({ httpStatus, ...f });
  assert.equal(map(401, fixture('http-error-token.json')), 'TOKEN_EXPIRED');
  assert.equal(map(400, fixture('http-error-tick-size.json')), 'INVALID_ORDER');
  assert.equal(map(429, fixture('http-error-rate-limit.json')), 'RATE_LIMITED');
  assert.equal(map(400, fixture('http-post-validate-authcode-bad-hash.json')), 'AUTH_FAILED');
});
