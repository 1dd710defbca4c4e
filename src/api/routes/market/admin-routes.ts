import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addHoliday,
  decideProposal,
  listProposals,
  type MarketService,
  proposeFromNseHolidayMaster,
  removeHoliday,
  updateHoliday,
} from '#src/market';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import { currentUser } from '../../plugins/auth';
import { problemSchema } from '../auth/schemas';
import {
  holidayBody,
  holidayKeyParams,
  holidayPatchBody,
  holidaySchema,
  proposalSchema,
  syncResultSchema,
  tags,
} from './schemas';

type App = Parameters<FastifyPluginAsyncZod>[0];
const write = { permission: 'market:write' } as const;
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };
const oneHoliday = z.object({ holiday: holidaySchema });
const oneProposal = z.object({ proposal: proposalSchema });

/**
 * Holiday administration: audited add / edit / remove per exchange, the proposals of the holiday sync job and
 * their confirmation, the NSE holiday-master import, and an on-demand master sync. Every calendar change is
 * followed by a rebuild of the calendar in every process.
 */
export function registerHolidayAdminRoutes(app: App, deps: { db: Db; clock: Clock; market: MarketService }): void {
  const { db, clock, market } = deps;
  const change = (userId: string) => ({ actorId: userId, at: clock.now() });

  app.post(
    '/market/holidays',
    {
      config: write,
      schema: { tags, body: holidayBody, response: { 201: oneHoliday, 409: problemSchema, ...errors } },
    },
    async (req, reply) => {
      const holiday = await addHoliday(db, req.body, change(currentUser(req).id));
      await market.calendar.changed();
      return reply.status(201).send({ holiday });
    },
  );
  app.patch(
    '/market/holidays/:exchange/:date',
    {
      config: write,
      schema: {
        tags,
        params: holidayKeyParams,
        body: holidayPatchBody,
        response: { 200: oneHoliday, 404: problemSchema, ...errors },
      },
    },
    async (req) => {
      const holiday = await updateHoliday(db, req.params, req.body, change(currentUser(req).id));
      await market.calendar.changed();
      return { holiday };
    },
  );
  app.delete(
    '/market/holidays/:exchange/:date',
    {
      config: write,
      schema: { tags, params: holidayKeyParams, response: { 200: oneHoliday, 404: problemSchema, ...errors } },
    },
    async (req) => {
      const holiday = await removeHoliday(db, req.params, change(currentUser(req).id));
      await market.calendar.changed();
      return { holiday };
    },
  );
  registerProposalRoutes(app, deps);
}

function registerProposalRoutes(app: App, { db, clock, market }: { db: Db; clock: Clock; market: MarketService }) {
  app.get(
    '/market/holiday-proposals',
    {
      config: { permission: 'market:read' },
      schema: {
        tags,
        querystring: z.object({ status: z.enum(['PENDING', 'CONFIRMED', 'REJECTED']).optional() }),
        response: { 200: z.object({ proposals: z.array(proposalSchema) }), ...errors },
      },
    },
    async (req) => ({ proposals: await listProposals(db, req.query.status) }),
  );
  app.post(
    '/market/holiday-proposals/:id/:decision',
    {
      config: write,
      schema: {
        tags,
        params: z.object({ id: z.uuid(), decision: z.enum(['confirm', 'reject']) }),
        response: { 200: oneProposal, 404: problemSchema, 409: problemSchema, ...errors },
      },
    },
    async (req) => {
      const decision = req.params.decision === 'confirm' ? 'CONFIRM' : 'REJECT';
      const at = clock.now();
      const proposal = await decideProposal(db, req.params.id, decision, { actorId: currentUser(req).id, at });
      if (decision === 'CONFIRM') await market.calendar.changed();
      return { proposal };
    },
  );
  app.post(
    '/market/holiday-sync/nse',
    {
      config: write,
      schema: {
        tags,
        description: "Compares NSE's holiday-master JSON (the body) with the stored NSE holidays; stores proposals.",
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.object({ feedHolidays: z.number().int(), proposals: z.array(proposalSchema) }), ...errors },
      },
    },
    async (req) => proposeFromNseHolidayMaster(db, req.body, clock.now()),
  );
  app.post(
    '/market/master-sync',
    {
      config: write,
      schema: {
        tags,
        description: "Syncs the simulated exchange's instrument master now.",
        response: { 200: syncResultSchema, ...errors },
      },
    },
    async () => {
      const result = await market.syncMaster(market.simSource());
      if (!result.ok) return { ok: false, source: result.source, errors: [...result.errors] };
      const segments = Object.fromEntries(Object.entries(result.segments).map(([k, v]) => [k, v ?? 0]));
      return { ok: true, source: result.source, rows: result.rows, segments };
    },
  );
}
