import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionStore, SessionUser } from '#src/accounts';
import { API_ERRORS } from './problem-json';

export const SESSION_COOKIE = 'mynrobo_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, when the session cookie is valid. */
    user: SessionUser | undefined;
    sessionToken: string | undefined;
  }
}

/** Resolves the session cookie into `request.user` on every request. */
export const sessionAuth = fp(async (app: FastifyInstance, opts: { sessions: SessionStore }) => {
  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    req.user = await opts.sessions.find(token);
    if (req.user) req.sessionToken = token;
  });
});

/** A preHandler that answers 401 problem+json without a signed-in user. */
export async function requireUser(req: FastifyRequest): Promise<void> {
  if (!req.user) throw API_ERRORS.unauthenticated();
}

/** The signed-in user; only call after requireUser. */
export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw API_ERRORS.unauthenticated();
  return req.user;
}
