/**
 * The simulator's REST surface: `/api/v3/*` (login, orders, books, positions, funds), `/data/symbol-token`
 * and the symbol-master files — in Fyers' envelopes and error codes (reference/brokers.md §1.1–1.3, §1.8).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SimEngine, SimRefusal } from './engine';
import type { createFaults } from './faults';
import { masterFileOf, masterRow } from './instruments';
import { loginPage } from './login-page';
import type { SimApp, SimAuth } from './oauth';
import { funds, orderRow, positions, tradeRow } from './records';

export interface RestContext {
  readonly auth: SimAuth;
  readonly engine: SimEngine;
  readonly faults: ReturnType<typeof createFaults>;
  readonly now: () => number;
  readonly startFundsPaise: number;
  readonly autoLogin: () => boolean;
  /** A request left unanswered on purpose (timeout fault): dropped after `hangMs`, or when the sim closes. */
  readonly hang: (res: ServerResponse) => void;
  /** Counts every REST call that reached a handler, for tests. */
  readonly onCall: (path: string) => void;
}

type Json = Record<string, unknown>;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(status, { 'content-type': type, ...headers }).end(text);
}
const fail = (res: ServerResponse, e: { httpStatus?: number; code: number; message: string }) =>
  send(res, e.httpStatus ?? 400, { s: 'error', code: e.code, message: e.message });

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    if (e instanceof SyntaxError) return { __invalid: true };
    throw e;
  }
}

/** Place, modify or cancel, through the write faults (timeout after accepting, 201, 5xx, rejections). */
function write(ctx: RestContext, res: ServerResponse, run: () => { id: string }, okCode: number, okMessage: string) {
  const fate = ctx.faults.writeFate();
  if (fate === 'http5xx') return send(res, 503, 'Service Temporarily Unavailable');
  const rejection = ctx.faults.takeRejection();
  if (rejection) return fail(res, rejection);
  let id: string;
  try {
    id = run().id;
  } catch (e) {
    if (e instanceof SimRefusal) return fail(res, e);
    throw e;
  }
  if (fate === 'timeout') return ctx.hang(res);
  if (fate === 'noAck') {
    return send(res, 200, {
      s: 'ok',
      code: 201,
      message: 'Request made but no acknowledgement received. Check order book',
    });
  }
  send(res, 200, { s: 'ok', code: okCode, message: okMessage.replace('{id}', id), id });
}

function orders(ctx: RestContext, app: SimApp, q: URLSearchParams) {
  const id = q.get('id');
  const tag = q.get('order_tag');
  const rows = ctx.engine
    .orders(app.appId)
    .filter((o) => (id === null || o.id === id) && (tag === null || o.tag === tag || `1:${o.tag}` === tag))
    .map((o) => orderRow(o, ctx.engine.quote(o.inst)?.ltpPaise));
  return { s: 'ok', code: 200, message: '', orderBook: rows };
}

async function authed(ctx: RestContext, req: IncomingMessage, res: ServerResponse, app: SimApp, url: URL) {
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  const body = req.method === 'GET' ? {} : await readJson(req);
  const e = ctx.engine;
  switch (route) {
    case 'POST /api/v3/orders/sync':
      return write(
        ctx,
        res,
        () => e.place(app.appId, body),
        1101,
        'Order submitted successfully. Your Order Ref. No.{id}',
      );
    case 'PATCH /api/v3/orders/sync':
      return write(ctx, res, () => e.modify(app.appId, body), 1102, 'Successfully modified order');
    case 'DELETE /api/v3/orders/sync':
      return write(ctx, res, () => e.cancel(app.appId, body.id), 1103, 'Successfully cancelled order');
    case 'GET /api/v3/orders':
      return send(res, 200, orders(ctx, app, url.searchParams));
    case 'GET /api/v3/tradebook':
      return send(res, 200, { s: 'ok', code: 200, message: '', tradeBook: e.trades(app.appId).map(tradeRow) });
    case 'GET /api/v3/positions':
      return send(res, 200, { s: 'ok', code: 200, message: '', ...positions(e, app.appId) });
    case 'GET /api/v3/funds':
      return send(res, 200, { s: 'ok', code: 200, message: '', ...funds(e, app.appId, ctx.startFundsPaise) });
    case 'GET /api/v3/profile':
      return send(res, 200, {
        s: 'ok',
        code: 200,
        message: '',
        data: { fy_id: app.fyId, name: 'SIM TRADER', display_name: 'SIM' },
      });
    case 'POST /api/v3/logout':
      ctx.auth.logout(req.headers.authorization);
      return send(res, 200, { s: 'ok', code: 200, message: 'you are successfully logged out' });
    case 'POST /data/symbol-token': {
      const symbols = Array.isArray(body.symbols) ? body.symbols.map(String) : [];
      const known = new Map(e.instruments.map((i) => [i.symbol, i.fytoken]));
      const validSymbol = Object.fromEntries(symbols.filter((s) => known.has(s)).map((s) => [s, known.get(s)]));
      return send(res, 200, { s: 'ok', validSymbol, invalidSymbol: symbols.filter((s) => !known.has(s)) });
    }
    default:
      return send(res, 404, { s: 'error', code: -1, message: `no such endpoint ${route}` });
  }
}

function master(ctx: RestContext, res: ServerResponse, file: string) {
  const updated = new Date(ctx.now()).toISOString().slice(0, 10);
  const rows = ctx.engine.instruments.filter((i) => masterFileOf(i) === file).map((i) => masterRow(i, updated));
  if (rows.length === 0 && !['NSE_FO', 'BSE_FO', 'MCX_COM', 'NSE_CM', 'BSE_CM', 'NSE_CD', 'NSE_COM'].includes(file)) {
    return send(res, 404, 'Not Found');
  }
  send(res, 200, rows.map((r) => `${r}\n`).join(''), { 'content-type': 'text/csv' });
}

/** Serves one HTTP request. */
export async function handleRest(ctx: RestContext, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname.replace(/\/$/, '');
  ctx.onCall(path);
  const csv = /^\/sym_details\/([A-Z_]+)\.csv$/.exec(path);
  if (csv) return master(ctx, res, csv[1] ?? '');
  if (req.method === 'GET' && path === '/api/v3/generate-authcode') {
    const r = ctx.auth.authorize(url.searchParams);
    if ('code' in r) return fail(res, r);
    if (ctx.autoLogin()) return send(res, 302, '', { location: r.location });
    return send(res, 200, loginPage(r.location), { 'content-type': 'text/html' });
  }
  if (req.method === 'POST' && path === '/api/v3/validate-authcode') {
    const r = ctx.auth.validateAuthcode(await readJson(req));
    return 'code' in r ? fail(res, r) : send(res, 200, { s: 'ok', code: 200, message: '', ...r });
  }
  const app = ctx.auth.authenticate(req.headers.authorization);
  if ('code' in app) return fail(res, app);
  const waitMs = ctx.faults.rateLimitWait(app.appId, ctx.now());
  if (waitMs > 0) {
    const headers = { 'retry-after': String(Math.ceil(waitMs / 1000)), 'x-retry-after-ms': String(Math.ceil(waitMs)) };
    return send(res, 429, { s: 'error', code: -429, message: 'request limit reached' }, headers);
  }
  return authed(ctx, req, res, app, url);
}
