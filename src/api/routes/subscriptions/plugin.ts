import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Accounts } from '#src/accounts';
import { currentUser } from '../../plugins/auth';
import { safeText, uuidParam } from '../auth/schemas';

const tags = ['subscriptions'];
const subscriptionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  planId: z.string(),
  startsAt: z.number(),
  endsAt: z.number(),
  graceDays: z.number(),
  status: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
const listed = z.object({ subscriptions: z.array(subscriptionSchema.extend({ planName: z.string() })) });
const one = z.object({ subscription: subscriptionSchema });
const flatten = (rows: Awaited<ReturnType<Accounts['subscriptions']['list']>>) => ({
  subscriptions: rows.map((r) => ({ ...r.subscription, planName: r.planName })),
});

/** Subscriptions: a trader sees their own; admins assign, extend and cancel (each change re-decides modes). */
export const subscriptionRoutes: FastifyPluginAsyncZod<{ accounts: Accounts }> = async (app, opts) => {
  const subs = opts.accounts.subscriptions;
  const write = { config: { permission: 'admin:write' as const } };
  app.get(
    '/subscriptions',
    { config: { permission: 'self:read' }, schema: { tags, response: { 200: listed } } },
    async (req) => flatten(await subs.list(currentUser(req).id)),
  );
  app.get(
    '/admin/users/:id/subscriptions',
    { config: { permission: 'admin:read' }, schema: { tags, params: uuidParam, response: { 200: listed } } },
    async (req) => flatten(await subs.list(req.params.id)),
  );
  app.post(
    '/admin/subscriptions',
    {
      ...write,
      schema: {
        tags,
        body: z.object({
          userId: z.uuid(),
          planId: z.uuid(),
          days: z.number().int().min(1).max(3660).optional(),
          graceDays: z.number().int().min(0).max(60).default(0),
        }),
        response: { 201: one },
      },
    },
    async (req, reply) => reply.status(201).send({ subscription: await subs.assign(currentUser(req).id, req.body) }),
  );
  app.post(
    '/admin/subscriptions/:id/extend',
    {
      ...write,
      schema: {
        tags,
        params: uuidParam,
        body: z.object({ days: z.number().int().min(1).max(3660) }),
        response: { 200: one },
      },
    },
    async (req) => ({
      subscription: await subs.extend(currentUser(req).id, req.params.id, req.body.days),
    }),
  );
  app.post(
    '/admin/subscriptions/:id/cancel',
    {
      ...write,
      schema: { tags, params: uuidParam, body: z.object({ reason: safeText(500) }), response: { 200: one } },
    },
    async (req) => ({
      subscription: await subs.cancel(currentUser(req).id, req.params.id, req.body.reason),
    }),
  );
};
