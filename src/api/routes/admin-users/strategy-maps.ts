import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Accounts } from '#src/accounts';
import { currentUser } from '../../plugins/auth';
import { uuidParam } from '../auth/schemas';
import { mapCreateBody, mapSchema, mapUpdateBody } from './schemas';

const tags = ['admin'];
const one = z.object({ map: mapSchema });

/** Admin: strategy maps (setting → a trader's account), gated by the trader's active subscription and plan. */
export const strategyMapRoutes: FastifyPluginAsyncZod<{ accounts: Accounts }> = async (app, opts) => {
  const maps = opts.accounts.maps;
  app.get(
    '/maps',
    {
      config: { permission: 'admin:read' },
      schema: {
        tags,
        querystring: z.object({ settingId: z.uuid().optional(), userId: z.uuid().optional() }),
        response: { 200: z.object({ maps: z.array(mapSchema) }) },
      },
    },
    async (req) => ({
      maps: await maps.list(req.query),
    }),
  );
  app.post(
    '/maps',
    { config: { permission: 'admin:write' }, schema: { tags, body: mapCreateBody, response: { 201: one } } },
    async (req, reply) => reply.status(201).send({ map: await maps.create(currentUser(req).id, req.body) }),
  );
  app.patch(
    '/maps/:id',
    {
      config: { permission: 'admin:write' },
      schema: { tags, params: uuidParam, body: mapUpdateBody, response: { 200: one } },
    },
    async (req) => ({
      map: await maps.update(currentUser(req).id, req.params.id, req.body),
    }),
  );
  app.post(
    '/maps/:id/deactivate',
    { config: { permission: 'admin:write' }, schema: { tags, params: uuidParam, response: { 200: one } } },
    async (req) => ({
      map: await maps.update(currentUser(req).id, req.params.id, { active: false }),
    }),
  );
};
