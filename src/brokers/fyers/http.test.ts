/** The REST core's edge cases, each against a tiny local server answering exactly that way. */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { BrokerError, type BrokerErrorCode } from '#src/brokers/contract';
import { fyersRequest, sanitise } from './http';

type Handler = (res: ServerResponse) => void;
let handler: Handler = (res) => res.end();
let baseUrl = '';
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => handler(res));
});

before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (res) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/** Generous, so a loaded machine never turns an answer into a timeout; the timeout case sets its own. */
const ANSWER_MS = 10_000;

async function failsWith(
  h: Handler,
  code: BrokerErrorCode,
  isWrite = true,
  url = baseUrl,
  requestTimeoutMs = ANSWER_MS,
): Promise<BrokerError> {
  handler = h;
  const call = fyersRequest(
    { config: { apiBaseUrl: url, requestTimeoutMs } },
    { method: 'POST', path: '/api/v3/orders/sync', body: {}, isWrite },
  );
  const e = await call.then(
    () => assert.fail('expected a failure'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof BrokerError, String(e));
  assert.equal(e.code, code, e.message);
  return e;
}

test('checks the body even on HTTP 200: s "error" is a failure mapped by its code', async () => {
  await failsWith(json(200, { s: 'error', code: -50, message: 'Invalid qty' }), 'INVALID_ORDER');
});

test('treats code 201 on a write as NO_ACK whatever s says, and as success on a read', async () => {
  await failsWith(json(200, { s: 'ok', code: 201, message: 'no ack' }), 'NO_ACK');
  await failsWith(json(200, { s: 'error', code: 201, message: 'no ack' }), 'NO_ACK');
  handler = json(200, { s: 'ok', code: 201, message: '' });
  const read = await fyersRequest(
    { config: { apiBaseUrl: baseUrl, requestTimeoutMs: ANSWER_MS } },
    { method: 'GET', path: '/api/v3/orders' },
  );
  assert.deepEqual(read, { s: 'ok', code: 201, message: '' });
});

test('maps HTTP 429 to RATE_LIMITED and keeps the retry hint', async () => {
  const e = await failsWith(
    json(429, { s: 'error', code: -429, message: 'limit' }, { 'x-retry-after-ms': '750' }),
    'RATE_LIMITED',
  );
  assert.equal((e.raw as { retryAfterMs: number }).retryAfterMs, 750);
});

test('maps a non-JSON 5xx to UNAVAILABLE and a 401 with -16 to TOKEN_EXPIRED', async () => {
  await failsWith((res) => res.writeHead(502).end('<html>Bad Gateway</html>'), 'UNAVAILABLE');
  await failsWith(json(401, { s: 'error', code: -16, message: 'Could not authenticate the user' }), 'TOKEN_EXPIRED');
});

test('turns no reply in time into TIMEOUT, a reset connection and a refused one into UNAVAILABLE', async () => {
  await failsWith(() => undefined, 'TIMEOUT', true, baseUrl, 300);
  await failsWith((res) => res.socket?.destroy(), 'UNAVAILABLE');
  await failsWith(json(200, {}), 'UNAVAILABLE', true, 'http://127.0.0.1:1');
});

test('redacts token-like fields from raw bodies', () => {
  assert.deepEqual(sanitise({ s: 'ok', access_token: 'x', nested: [{ refresh_token: 'y', id: 1 }] }), {
    s: 'ok',
    access_token: '[redacted]',
    nested: [{ refresh_token: '[redacted]', id: 1 }],
  });
});
