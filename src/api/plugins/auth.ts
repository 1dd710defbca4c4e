import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isPermission, type RouteAccess, roleAllows, type SessionStore, type SessionUser } from '#src/accounts';
import { API_ERRORS } from './problem-json';

export const SESSION_COOKIE = 'mynrobo_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, when the session cookie is valid. */
    user: SessionUser | undefined;
    sessionToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call the route: a permission from accounts/rbac, 'authenticated' or 'public'. Required. */
    permission?: RouteAccess;
  }
}

/** Routes registered by third-party plugins (API docs, the static web app) are public by nature. */
const PLUGIN_ROUTES = [/^\/docs(\/|$)/, /^\/\*$/, /^\/$/];

/** Every route registered so far with its declared access, for the route × role matrix test. */
export interface RouteRegistry {
  readonly routes: Array<{ method: string; url: string; access: RouteAccess }>;
}

/**
 * Resolves the session cookie into `request.user` and enforces each route's declared access. A route without a
 * declared permission fails at registration, so no route can be added without deciding who may call it.
 */
export const sessionAuth = fp(
  async (app: FastifyInstance, opts: { sessions: SessionStore; registry?: RouteRegistry }) => {
    app.decorateRequest('user', undefined);
    app.decorateRequest('sessionToken', undefined);
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
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        req.user = await opts.sessions.find(token);
        if (req.user) req.sessionToken = token;
      }
      const access = req.routeOptions.config.permission;
      if (access === undefined || access === 'public') return; // undefined: not-found handler
      if (!req.user) throw API_ERRORS.unauthenticated();
      if (!roleAllows(req.user.role, access)) throw API_ERRORS.forbidden();
    });
  },
);

/** The signed-in user of a route whose access is not 'public'. */
export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw API_ERRORS.unauthenticated();
  return req.user;
}
