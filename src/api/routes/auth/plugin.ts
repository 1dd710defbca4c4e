import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Accounts } from '#src/accounts';
import { clearSessionCookies, currentUser, sessionUser, setSessionCookies } from '../../plugins/auth';
import {
  accepted,
  emailBody,
  loginBody,
  password,
  problemSchema,
  safeText,
  signupBody,
  tokenBody,
  userSchema,
} from './schemas';

export interface AuthRouteOptions {
  accounts: Accounts;
  cookieSecure: boolean;
  publicUrl: string | undefined;
}

const tags = ['auth'];
const userOf = (u: { id: string; email: string; displayName: string; role: string }) => ({
  user: { id: u.id, email: u.email, displayName: u.displayName, role: userSchema.shape.role.parse(u.role) },
});

/**
 * Sign-up with email verification, sign-in (throttled, optional TOTP) into an httpOnly session cookie, sign-out
 * here or everywhere, password reset and change. Answers about emails never reveal whether one is registered.
 */
export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, opts) => {
  const { identity, sessions } = opts.accounts;
  const baseUrl = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.host}`;
  const publicRoute = { config: { permission: 'public' as const } };

  app.post(
    '/signup',
    { ...publicRoute, schema: { tags, body: signupBody, response: { 202: accepted } } },
    async (req, reply) => {
      await identity.signup({ ...req.body, baseUrl: baseUrl(req), ip: req.ip });
      return reply.status(202).send({ status: 'accepted' });
    },
  );
  app.post(
    '/resend-verification',
    { ...publicRoute, schema: { tags, body: emailBody, response: { 202: accepted } } },
    async (req, reply) => {
      await identity.resendVerification({ email: req.body.email, baseUrl: baseUrl(req), ip: req.ip });
      return reply.status(202).send({ status: 'accepted' });
    },
  );
  const verified = z.object({ status: z.literal('verified') });
  app.get(
    '/verify-email',
    { ...publicRoute, schema: { tags, querystring: tokenBody, response: { 200: verified, 400: problemSchema } } },
    async (req) => {
      await identity.verifyEmail(req.query.token);
      return { status: 'verified' as const };
    },
  );
  app.post(
    '/verify-email',
    { ...publicRoute, schema: { tags, body: tokenBody, response: { 200: verified, 400: problemSchema } } },
    async (req) => {
      await identity.verifyEmail(req.body.token);
      return { status: 'verified' as const };
    },
  );
  app.post(
    '/login',
    {
      ...publicRoute,
      schema: { tags, body: loginBody, response: { 200: z.object({ user: userSchema }), 401: problemSchema } },
    },
    async (req, reply) => {
      const user = await identity.login({ ...req.body, ip: req.ip });
      // A new session on every sign-in (no fixation); a session the browser already had ends.
      if (req.sessionToken) await sessions.destroy(req.sessionToken);
      setSessionCookies(reply, await sessions.create(user.id), opts.cookieSecure);
      req.log.info({ userId: user.id }, 'login');
      return userOf(user);
    },
  );
  app.post('/logout', { ...publicRoute, schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
    if (req.sessionToken) await sessions.destroy(req.sessionToken);
    clearSessionCookies(reply);
    return reply.status(204).send(null);
  });
  app.post(
    '/logout-all',
    { config: { permission: 'authenticated' }, schema: { tags, response: { 204: z.null() } } },
    async (req, reply) => {
      await sessions.destroyAll(sessionUser(req).id);
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/password-reset/request',
    { ...publicRoute, schema: { tags, body: emailBody, response: { 202: accepted } } },
    async (req, reply) => {
      await identity.requestPasswordReset({ email: req.body.email, baseUrl: baseUrl(req), ip: req.ip });
      return reply.status(202).send({ status: 'accepted' });
    },
  );
  app.post(
    '/password-reset/confirm',
    {
      ...publicRoute,
      schema: { tags, body: z.object({ token: safeText(200), password }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      await identity.confirmPasswordReset(req.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/password/change',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        body: z.object({ currentPassword: safeText(256), newPassword: password }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const user = sessionUser(req);
      await identity.changePassword({ userId: user.id, current: req.body.currentPassword, next: req.body.newPassword });
      // Every session ended; this browser continues on a fresh one.
      setSessionCookies(reply, await sessions.create(user.id), opts.cookieSecure);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags, response: { 200: z.object({ user: userSchema }), 401: problemSchema } },
    },
    async (req) => ({ user: currentUser(req) }),
  );
};
