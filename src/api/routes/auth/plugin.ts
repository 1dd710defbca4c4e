import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, type SessionStore } from '#src/accounts';
import type { Db } from '#src/platform/db';
import { currentUser, SESSION_COOKIE } from '../../plugins/auth';
import { API_ERRORS } from '../../plugins/problem-json';
import { loginBody, problemSchema, userSchema } from './schemas';

/** Sign-in with email and password into an httpOnly session cookie; sign-out; who am I. */
export const authRoutes: FastifyPluginAsyncZod<{ db: Db; sessions: SessionStore; cookieSecure: boolean }> = async (
  app,
  opts,
) => {
  app.post(
    '/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        body: loginBody,
        response: { 200: z.object({ user: userSchema }), 401: problemSchema },
      },
    },
    async (req, reply) => {
      const user = await authenticate(opts.db, req.body.email, req.body.password);
      if (!user) throw API_ERRORS.invalidCredentials();
      const s = await opts.sessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.cookieSecure,
        expires: new Date(s.expiresAt),
      });
      req.log.info({ userId: user.id }, 'login');
      return {
        user: {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: userSchema.shape.role.parse(user.role),
        },
      };
    },
  );
  app.post(
    '/logout',
    { config: { permission: 'public' }, schema: { tags: ['auth'], response: { 204: z.null() } } },
    async (req, reply) => {
      if (req.sessionToken) await opts.sessions.destroy(req.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['auth'], response: { 200: z.object({ user: userSchema }), 401: problemSchema } },
    },
    async (req) => ({ user: currentUser(req) }),
  );
};
