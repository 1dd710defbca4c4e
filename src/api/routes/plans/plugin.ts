import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Accounts } from '#src/accounts';
import { currentUser } from '../../plugins/auth';
import { safeText, uuidParam } from '../auth/schemas';

const tags = ['plans'];
export const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  pricePaise: z.number(),
  periodDays: z.number(),
  strategyIds: z.array(z.string()),
  maxBrokerAccounts: z.number(),
  maxLotMultiplier: z.number(),
  active: z.boolean(),
  createdAt: z.number(),
});
const planBody = z.object({
  name: safeText(80),
  pricePaise: z.number().int().min(0).max(1e12),
  periodDays: z.number().int().min(1).max(3660),
  strategyIds: z.array(safeText(40)).max(50),
  maxBrokerAccounts: z.number().int().min(1).max(100),
  maxLotMultiplier: z.number().int().min(1).max(100),
  active: z.boolean(),
});
const one = z.object({ plan: planSchema });

/** Plans: anyone signed in lists the active ones; admins see all, create and edit. */
export const planRoutes: FastifyPluginAsyncZod<{ accounts: Accounts }> = async (app, opts) => {
  const plans = opts.accounts.plans;
  app.get(
    '/plans',
    {
      config: { permission: 'authenticated' },
      schema: { tags, response: { 200: z.object({ plans: z.array(planSchema) }) } },
    },
    async () => ({
      plans: await plans.list({ includeInactive: false }),
    }),
  );
  app.get(
    '/admin/plans',
    {
      config: { permission: 'admin:read' },
      schema: { tags, response: { 200: z.object({ plans: z.array(planSchema) }) } },
    },
    async () => ({
      plans: await plans.list({ includeInactive: true }),
    }),
  );
  app.post(
    '/admin/plans',
    { config: { permission: 'admin:write' }, schema: { tags, body: planBody, response: { 201: one } } },
    async (req, reply) => reply.status(201).send({ plan: await plans.create(currentUser(req).id, req.body) }),
  );
  app.patch(
    '/admin/plans/:id',
    {
      config: { permission: 'admin:write' },
      schema: { tags, params: uuidParam, body: planBody.partial(), response: { 200: one } },
    },
    async (req) => ({
      plan: await plans.update(currentUser(req).id, req.params.id, req.body),
    }),
  );
};
