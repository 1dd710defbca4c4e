import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Accounts, API_KEY_SCOPES } from '#src/accounts';
import { sessionUser } from '../../plugins/auth';
import { safeText, uuidParam } from '../auth/schemas';

const tags = ['api-keys'];
const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  expiresAt: z.number(),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
  createdAt: z.number(),
});

/** The signed-in user's API keys. Keys are managed with a session only (a key cannot mint keys). */
export const apiKeyRoutes: FastifyPluginAsyncZod<{ accounts: Accounts }> = async (app, opts) => {
  const svc = opts.accounts.apiKeys;
  app.get(
    '',
    {
      config: { permission: 'self:read' },
      schema: { tags, response: { 200: z.object({ keys: z.array(keySchema) }) } },
    },
    async (req) => ({
      keys: await svc.list(sessionUser(req).id),
    }),
  );
  app.post(
    '',
    {
      config: { permission: 'self:write' },
      schema: {
        tags,
        body: z.object({
          name: safeText(80),
          scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(2),
          expiresInDays: z.number().int().min(1).max(365),
        }),
        response: { 201: z.object({ key: z.string(), apiKey: keySchema }) },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.create({ ...req.body, userId: sessionUser(req).id })),
  );
  app.delete(
    '/:id',
    { config: { permission: 'self:write' }, schema: { tags, params: uuidParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await svc.revoke({ id: req.params.id, userId: sessionUser(req).id });
      return reply.status(204).send(null);
    },
  );
};
