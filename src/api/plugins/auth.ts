import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type ApiKeyScope,
  type ApiKeys,
  isPermission,
  type RouteAccess,
  roleAllows,
  type SessionStore,
  type SessionUser,
} from '#src/accounts';
import { API_ERRORS, ApiError } from './problem-json';

export const SESSION_COOKIE = 'mynrobo_session';
/** Double-submit CSRF cookie: readable by the page, echoed in the X-CSRF-Token header. */
export const CSRF_COOKIE = 'mynrobo_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, from the session cookie or an API key. */
    user: SessionUser | undefined;
    sessionToken: string | undefined;
    /** How `user` was established. */
    authKind: 'session' | 'apiKey' | undefined;
    apiKeyScopes: readonly ApiKeyScope[] | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call the route: a permission from accounts/rbac, 'authenticated' or 'public'. Required. */
    permission?: RouteAccess;
  }
}

/** Routes registered by third-party plugins (API docs, the static web app) are public by nature. */
const PLUGIN_ROUTES = [/^\/docs(\/|$)/, /^\/\*$/, /^\/$/];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes an API key with the `trade` scope may make: the owner's own data and runbook actions. */
const KEY_WRITABLE: ReadonlySet<RouteAccess> = new Set(['self:write', 'ops:act']);

/** Every route registered so far with its declared access, for the route × role matrix test. */
export interface RouteRegistry {
  readonly routes: Array<{ method: string; url: string; access: RouteAccess }>;
}

/** Sets the session cookie (httpOnly, SameSite=Lax, Secure when configured) and a fresh CSRF cookie. */
export function setSessionCookies(reply: FastifyReply, s: { token: string; expiresAt: number }, secure: boolean) {
  const base = { path: '/', sameSite: 'lax' as const, secure, expires: new Date(s.expiresAt) };
  reply.setCookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/**
 * CSRF for cookie-authenticated writes: the request must come from our own origin (Origin, else Referer, equal
 * to the Host the request was sent to) or carry the double-submit token (X-CSRF-Token equal to the CSRF cookie).
 * Browsers always send Origin on cross-site POSTs, so a forged form or fetch fails; API keys are exempt.
 */
function passesCsrf(req: FastifyRequest): boolean {
  const token = req.cookies[CSRF_COOKIE];
  const header = req.headers[CSRF_HEADER];
  if (token && typeof header === 'string' && header === token) return true;
  const source = req.headers.origin ?? req.headers.referer;
  if (typeof source !== 'string') return false;
  try {
    return new URL(source).host === req.host;
  } catch (e) {
    if (e instanceof TypeError) return false;
    throw e;
  }
}

async function resolveUser(req: FastifyRequest, opts: { sessions: SessionStore; apiKeys?: ApiKeys }) {
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer && opts.apiKeys) {
    const principal = await opts.apiKeys.authenticate(bearer);
    if (!principal) throw API_ERRORS.unauthenticated();
    req.user = principal.user;
    req.authKind = 'apiKey';
    req.apiKeyScopes = principal.scopes;
    return;
  }
  const token = req.cookies[SESSION_COOKIE];
  if (!token) return;
  req.user = await opts.sessions.find(token);
  if (req.user) {
    req.sessionToken = token;
    req.authKind = 'session';
  }
}

function keyAllows(req: FastifyRequest, access: RouteAccess): boolean {
  const scopes = req.apiKeyScopes ?? [];
  if (SAFE_METHODS.has(req.method)) return scopes.length > 0;
  return scopes.includes('trade') && KEY_WRITABLE.has(access);
}

/**
 * Resolves the session cookie or an API key (`Authorization: Bearer myn_…`) into `request.user` and enforces each
 * route's declared access. A route without a declared permission fails at registration, so no route can be
 * added without deciding who may call it.
 */
export const sessionAuth = fp(
  async (app: FastifyInstance, opts: { sessions: SessionStore; apiKeys?: ApiKeys; registry?: RouteRegistry }) => {
    app.decorateRequest('user', undefined);
    app.decorateRequest('sessionToken', undefined);
    app.decorateRequest('authKind', undefined);
    app.decorateRequest('apiKeyScopes', undefined);
    app.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { permission?: unknown };
      if (config.permission === undefined && PLUGIN_ROUTES.some((re) => re.test(route.url)))
        config.permission = 'public';
      if (!isPermission(config.permission))
        throw new Error(`route ${route.method} ${route.url} declares no valid permission`);
      route.config = config as typeof route.config;
      for (const method of [route.method].flat())
        opts.registry?.routes.push({ method, url: route.url, access: config.permission });
    });
    app.addHook('onRequest', async (req) => {
      await resolveUser(req, opts);
      if (req.authKind === 'session' && !SAFE_METHODS.has(req.method) && !passesCsrf(req))
        throw new ApiError('CSRF_FAILED', 403, 'CSRF check failed', 'send an Origin header or X-CSRF-Token');
      const access = req.routeOptions.config.permission;
      if (access === undefined || access === 'public') return; // undefined: not-found handler
      if (!req.user) throw API_ERRORS.unauthenticated();
      if (!roleAllows(req.user.role, access)) throw API_ERRORS.forbidden();
      if (req.authKind === 'apiKey' && !keyAllows(req, access))
        throw new ApiError('FORBIDDEN', 403, 'Not allowed', 'the API key scope does not allow this');
    });
  },
);

/** The signed-in user of a route whose access is not 'public'. */
export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw API_ERRORS.unauthenticated();
  return req.user;
}

/** The signed-in user, refusing API keys (for key management, passwords, 2FA: a session is required). */
export function sessionUser(req: FastifyRequest): SessionUser {
  const user = currentUser(req);
  if (req.authKind !== 'session')
    throw new ApiError('SESSION_REQUIRED', 403, 'A signed-in session is required', 'API keys cannot do this');
  return user;
}
