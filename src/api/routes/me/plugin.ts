import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Accounts, accountsError, appendAudit } from '#src/accounts';
import type { Db } from '#src/platform/db';
import { tables } from '#src/platform/db';
import { currentUser, sessionUser, setSessionCookies } from '../../plugins/auth';
import { safeText, userSchema } from '../auth/schemas';

const tags = ['me'];
const code = z.object({ code: safeText(32) });

/** The signed-in user's profile (status, 2FA, active plan) and TOTP two-factor setup. */
export const meRoutes: FastifyPluginAsyncZod<{ accounts: Accounts; db: Db; cookieSecure: boolean }> = async (
  app,
  opts,
) => {
  const { totp, sessions, subscriptions } = opts.accounts;
  const self = { config: { permission: 'self:read' as const } };
  const write = { config: { permission: 'self:write' as const } };

  app.get(
    '',
    {
      ...self,
      schema: {
        tags,
        response: {
          200: z.object({
            user: userSchema,
            status: z.string(),
            emailVerified: z.boolean(),
            totpEnabled: z.boolean(),
            plan: z.object({ id: z.string(), name: z.string() }).nullable(),
          }),
        },
      },
    },
    async (req) => {
      const user = currentUser(req);
      const [row] = await opts.db.select().from(tables.users).where(eq(tables.users.id, user.id));
      const plan = await subscriptions.activePlan(user.id);
      return {
        user,
        status: row?.status ?? 'closed',
        emailVerified: row?.emailVerifiedAt != null,
        totpEnabled: row?.totpEnabled ?? false,
        plan: plan ? { id: plan.id, name: plan.name } : null,
      };
    },
  );
  app.post(
    '/2fa/setup',
    { ...write, schema: { tags, response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) } } },
    async (req) => {
      const user = sessionUser(req);
      return totp.setup(user.id, user.email);
    },
  );
  app.post(
    '/2fa/enable',
    { ...write, schema: { tags, body: code, response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) } } },
    async (req, reply) => {
      const user = sessionUser(req);
      const recoveryCodes = await opts.db.transaction(async (tx) => {
        const codes = await totp.enable(tx, { userId: user.id, code: req.body.code, now: Date.now() });
        await appendAudit(tx, {
          at: Date.now(),
          actorId: user.id,
          action: 'auth.totp_enabled',
          subject: user.id,
          data: {},
        });
        return codes;
      });
      // Privilege change: the session is rotated (the old token stops working).
      if (req.sessionToken)
        setSessionCookies(reply, await sessions.rotate(req.sessionToken, user.id), opts.cookieSecure);
      return { recoveryCodes };
    },
  );
  app.post(
    '/2fa/disable',
    { ...write, schema: { tags, body: code, response: { 204: z.null() } } },
    async (req, reply) => {
      const user = sessionUser(req);
      if (!(await totp.check({ userId: user.id, code: req.body.code, now: Date.now() })))
        throw accountsError('TOTP_INVALID');
      await opts.db.transaction(async (tx) => {
        await totp.disable(tx, user.id);
        await appendAudit(tx, {
          at: Date.now(),
          actorId: user.id,
          action: 'auth.totp_disabled',
          subject: user.id,
          data: {},
        });
      });
      if (req.sessionToken)
        setSessionCookies(reply, await sessions.rotate(req.sessionToken, user.id), opts.cookieSecure);
      return reply.status(204).send(null);
    },
  );
};
