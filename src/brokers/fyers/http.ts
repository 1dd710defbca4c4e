/**
 * Raw Fyers REST client (reference/brokers.md §1.2–1.3): one method per endpoint, `Authorization: <APP_ID>:<token>`,
 * pacing, timeouts, and every failure thrown as BrokerError through errors.ts. Returns wire types.
 */

import type { Logger } from 'pino';
import { BrokerError } from '#src/brokers/contract';
import type { Clock } from '#src/platform/clock/clock';
import type { FyersConfig } from './config';
import { mapFyersError } from './errors';
import type { Pacer } from './pacer';
import {
  type FyersFundsReply,
  type FyersModifyOrderBody,
  type FyersOrderReply,
  type FyersOrderRow,
  type FyersPlaceOrderBody,
  type FyersPositionRow,
  type FyersTradeRow,
  fyersEnvelope,
  fyersFundsReply,
  fyersOrderBookReply,
  fyersOrderReply,
  fyersPositionsReply,
  fyersTradeBookReply,
} from './wire';

/** One REST call. `isWrite` makes code 201 (no acknowledgement) an UNKNOWN outcome (§1.2). */
export interface FyersCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly authorization?: string;
  readonly isWrite?: boolean;
}

/** What the request core needs: where to send, how long to wait, how to pace and where to log. */
export interface FyersRequestDeps {
  readonly config: Pick<FyersConfig, 'apiBaseUrl' | 'requestTimeoutMs'>;
  readonly pacer?: Pacer;
  readonly log?: Logger;
}

const SECRET_KEY = /token|secret|hash|authorization/i;

/** Drops token-like fields so an error's `raw` can cross the bus and reach logs safely. */
export function sanitise(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(sanitise);
  if (body === null || typeof body !== 'object') return body;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : sanitise(v);
  return out;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'ENOTFOUND', 'EAI_AGAIN']);

function networkError(e: unknown, path: string): BrokerError {
  const err = e as { name?: string; cause?: { code?: string; name?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.cause?.name === 'TimeoutError') {
    return new BrokerError('TIMEOUT', 'fyers', `no reply from ${path} in time`, undefined, { cause: e });
  }
  const code = err.cause?.code ?? 'network';
  const known = NETWORK_CODES.has(code) ? code : `network error (${code})`;
  return new BrokerError('UNAVAILABLE', 'fyers', `${path}: ${known}`, undefined, { cause: e });
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return text;
  }
}

function failure(res: Response, body: unknown, call: FyersCall): BrokerError {
  const env = fyersEnvelope.safeParse(body);
  const message = env.success ? (env.data.message ?? '') : `HTTP ${res.status}`;
  const code = env.success ? env.data.code : undefined;
  const mapped = mapFyersError({ httpStatus: res.status, code, message });
  const retryAfterMs = Number(res.headers.get('x-retry-after-ms') ?? Number(res.headers.get('retry-after')) * 1000);
  const raw = { httpStatus: res.status, body: sanitise(body), ...(retryAfterMs > 0 ? { retryAfterMs } : {}) };
  return new BrokerError(mapped, 'fyers', `${call.method} ${call.path}: ${message || `HTTP ${res.status}`}`, raw);
}

/** Sends one call and returns the parsed JSON body of a success; throws BrokerError otherwise. */
export async function fyersRequest(deps: FyersRequestDeps, call: FyersCall): Promise<unknown> {
  await deps.pacer?.acquire();
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(new URL(call.path, deps.config.apiBaseUrl), {
      method: call.method,
      headers: {
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(call.authorization ? { authorization: call.authorization } : {}),
      },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      signal: AbortSignal.timeout(deps.config.requestTimeoutMs),
    });
  } catch (e) {
    const err = networkError(e, call.path);
    deps.log?.warn({ method: call.method, path: call.path, code: err.code }, 'fyers request failed');
    throw err;
  }
  const body = await readBody(res).catch((e: unknown) => {
    throw networkError(e, call.path);
  });
  const env = fyersEnvelope.safeParse(body);
  const fyersCode = env.success ? env.data.code : undefined;
  deps.log?.debug(
    { method: call.method, path: call.path, status: res.status, fyersCode, ms: Date.now() - started },
    'fyers request',
  );
  // Code 201 on a write is "request made, no acknowledgement; check the order book" (§1.2), whatever `s` says.
  if (res.ok && call.isWrite && fyersCode === 201) {
    throw new BrokerError('NO_ACK', 'fyers', `${call.path}: request made but not acknowledged`, sanitise(body));
  }
  if (res.ok && env.success && env.data.s === 'ok') return body;
  throw failure(res, body, call);
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) {
  return (body: unknown): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw new BrokerError('REJECTED', 'fyers', 'unexpected reply shape', sanitise(body));
    return r.data;
  };
}

/** The Fyers REST endpoints an adapter uses, each returning its wire type. */
export interface FyersHttp {
  placeOrder(body: FyersPlaceOrderBody): Promise<FyersOrderReply>;
  modifyOrder(body: FyersModifyOrderBody): Promise<FyersOrderReply>;
  cancelOrder(id: string): Promise<FyersOrderReply>;
  orders(filter?: { id?: string; orderTag?: string }): Promise<FyersOrderRow[]>;
  tradebook(): Promise<FyersTradeRow[]>;
  positions(): Promise<FyersPositionRow[]>;
  funds(): Promise<FyersFundsReply>;
}

/** Builds the REST client for one account; `authorization` is read per call so a new token applies at once. */
export function createFyersHttp(
  deps: FyersRequestDeps & { readonly authorization: () => string; readonly clock: Clock },
): FyersHttp {
  const call = (c: Omit<FyersCall, 'authorization'>) =>
    fyersRequest(deps, { ...c, authorization: deps.authorization() });
  const orderReply = parseOrThrow(fyersOrderReply);
  return {
    placeOrder: async (body) =>
      orderReply(await call({ method: 'POST', path: '/api/v3/orders/sync', body, isWrite: true })),
    modifyOrder: async (body) =>
      orderReply(await call({ method: 'PATCH', path: '/api/v3/orders/sync', body, isWrite: true })),
    cancelOrder: async (id) =>
      orderReply(await call({ method: 'DELETE', path: '/api/v3/orders/sync', body: { id }, isWrite: true })),
    async orders(filter) {
      const q = filter?.id
        ? `?id=${encodeURIComponent(filter.id)}`
        : filter?.orderTag
          ? `?order_tag=${encodeURIComponent(filter.orderTag)}`
          : '';
      return parseOrThrow(fyersOrderBookReply)(await call({ method: 'GET', path: `/api/v3/orders${q}` })).orderBook;
    },
    tradebook: async () =>
      parseOrThrow(fyersTradeBookReply)(await call({ method: 'GET', path: '/api/v3/tradebook' })).tradeBook,
    positions: async () =>
      parseOrThrow(fyersPositionsReply)(await call({ method: 'GET', path: '/api/v3/positions' })).netPositions,
    funds: async () => parseOrThrow(fyersFundsReply)(await call({ method: 'GET', path: '/api/v3/funds' })),
  };
}
