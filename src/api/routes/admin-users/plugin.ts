import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Accounts, queryAudit, ROLES } from '#src/accounts';
import type { Db } from '#src/platform/db';
import { currentUser } from '../../plugins/auth';
import { uuidParam } from '../auth/schemas';
import { brokerAccountSchema } from '../broker-accounts/schemas';
import {
  actionParams,
  adminUserSchema,
  auditQuery,
  auditRowSchema,
  listQuery,
  noteSchema,
  overridesBody,
  reasonBody,
} from './schemas';
import { strategyMapRoutes } from './strategy-maps';

const tags = ['admin'];
const one = z.object({ user: adminUserSchema });
const view = (u: z.infer<typeof adminUserSchema> & Record<string, unknown>) => adminUserSchema.parse(u);

/** Admin: users and the client lifecycle, notes, roles, account overrides, the audit log, strategy maps. */
export const adminUserRoutes: FastifyPluginAsyncZod<{ accounts: Accounts; db: Db }> = async (app, opts) => {
  const { users, brokerAccounts } = opts.accounts;
  const read = { config: { permission: 'admin:read' as const } };
  const write = { config: { permission: 'admin:write' as const } };

  app.get(
    '/users',
    {
      ...read,
      schema: { tags, querystring: listQuery, response: { 200: z.object({ users: z.array(adminUserSchema) }) } },
    },
    async (req) => ({
      users: (await users.list(req.query)).map(view),
    }),
  );
  app.get(
    '/users/:id',
    {
      ...read,
      schema: {
        tags,
        params: uuidParam,
        response: { 200: z.object({ user: adminUserSchema, notes: z.array(noteSchema) }) },
      },
    },
    async (req) => ({
      user: view(await users.get(req.params.id)),
      notes: await users.notes(req.params.id),
    }),
  );
  app.post(
    '/users/:id/:action',
    { ...write, schema: { tags, params: actionParams, body: reasonBody, response: { 200: one } } },
    async (req) => ({
      user: view(
        await users.act(currentUser(req).id, {
          userId: req.params.id,
          action: req.params.action,
          reason: req.body.reason,
        }),
      ),
    }),
  );
  app.post(
    '/users/:id/notes',
    {
      ...write,
      schema: {
        tags,
        params: uuidParam,
        body: z.object({ note: reasonBody.shape.reason }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await users.addNote(currentUser(req).id, req.params.id, req.body.note);
      return reply.status(204).send(null);
    },
  );
  // Roles decide who manages whom: only a super admin changes roles (admins included).
  app.put(
    '/users/:id/role',
    {
      config: { permission: 'super:write' },
      schema: {
        tags,
        params: uuidParam,
        body: z.object({ role: z.enum(ROLES), reason: reasonBody.shape.reason }),
        response: { 200: one },
      },
    },
    async (req) => ({
      user: view(await users.setRole(currentUser(req).id, { userId: req.params.id, ...req.body })),
    }),
  );
  app.put(
    '/broker-accounts/:id/overrides',
    {
      ...write,
      schema: {
        tags,
        params: uuidParam,
        body: overridesBody,
        response: { 200: z.object({ account: brokerAccountSchema }) },
      },
    },
    async (req) => ({
      account: await brokerAccounts.setOverrides({ ...req.body, id: req.params.id, actorId: currentUser(req).id }),
    }),
  );
  app.get(
    '/audit',
    {
      config: { permission: 'ops:read' },
      schema: { tags, querystring: auditQuery, response: { 200: z.object({ entries: z.array(auditRowSchema) }) } },
    },
    async (req) => ({
      entries: await queryAudit(opts.db, req.query),
    }),
  );
  await app.register(strategyMapRoutes, { accounts: opts.accounts });
};
