import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '#src/accounts';
import { createManualControl, instrumentRulesFrom, ManualControlError } from '#src/execution';
import type { Platform } from '#src/platform/create-platform';
import { currentUser } from '../../plugins/auth';
import { ApiError } from '../../plugins/problem-json';
import { deadLetterSchema, entryBody, haltSchema, idParam, killBody, reasonBody, squareOffResult } from './schemas';

const tags = ['orders-admin'];
const read = { config: { permission: 'ops:read' as const } };
const act = { config: { permission: 'ops:act' as const } };
const ok = z.object({ ok: z.boolean() });

/** Ops' manual control of the order gateway: entries, exits, cancels, square-off, halts, kill switch, dead letters. */
export const ordersAdminRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, opts) => {
  const { store, bus, clock, market } = opts.platform;
  const db = store.db;
  const control = createManualControl({ db, bus, clock, rules: instrumentRulesFrom(market.specs) });
  /** Runs an action and records it in the audit log with its actor, subject and result. */
  const audited = async <T>(
    req: Parameters<typeof currentUser>[0],
    action: string,
    subject: string | null,
    data: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> => {
    const actorId = currentUser(req).id;
    try {
      const result = await run();
      await appendAudit(db, {
        at: clock.now(),
        actorId,
        action,
        subject,
        data: { ...data, result } as Record<string, unknown>,
      });
      return result;
    } catch (err) {
      if (!(err instanceof ManualControlError)) throw err;
      const status = err.code === 'NOT_FOUND' ? 404 : 409;
      throw new ApiError(err.code, status, err.code === 'NOT_FOUND' ? 'Not found' : 'Conflict', err.message);
    }
  };

  app.get(
    '/admin/orders/dead-letters',
    { ...read, schema: { tags, response: { 200: z.object({ deadLetters: z.array(deadLetterSchema) }) } } },
    async () => ({ deadLetters: await control.deadLetters(200) }),
  );
  app.get(
    '/admin/orders/halts',
    { ...read, schema: { tags, response: { 200: z.object({ halts: z.array(haltSchema) }) } } },
    async () => ({ halts: await control.halts.active() }),
  );
  app.post(
    '/admin/accounts/:id/halt',
    { ...act, schema: { tags, params: idParam, body: reasonBody, response: { 200: ok } } },
    async (req) => ({
      ok: await audited(req, 'orders.account_halt', req.params.id, req.body, () =>
        control.haltAccount({ accountId: req.params.id, detail: req.body.reason, by: currentUser(req).id }),
      ),
    }),
  );
  app.post(
    '/admin/accounts/:id/resume',
    { ...act, schema: { tags, params: idParam, body: reasonBody, response: { 200: ok } } },
    async (req) => ({
      ok: await audited(req, 'orders.account_resume', req.params.id, req.body, () =>
        control.resumeAccount({ accountId: req.params.id, by: currentUser(req).id }),
      ),
    }),
  );
  app.post(
    '/admin/accounts/:id/square-off',
    { ...act, schema: { tags, params: idParam, body: reasonBody, response: { 200: squareOffResult } } },
    async (req) =>
      audited(req, 'orders.square_off_account', req.params.id, req.body, () => control.squareOff(req.params.id)),
  );
  app.post(
    '/admin/square-off',
    { ...act, schema: { tags, body: reasonBody, response: { 200: squareOffResult } } },
    async (req) => audited(req, 'orders.square_off_all', null, req.body, () => control.squareOff()),
  );
  app.post(
    '/admin/kill-switch',
    { ...act, schema: { tags, body: killBody, response: { 200: squareOffResult } } },
    async (req) =>
      audited(
        req,
        req.body.engage ? 'orders.kill_switch_engage' : 'orders.kill_switch_release',
        null,
        req.body,
        async () => {
          if (req.body.engage) return control.kill(currentUser(req).id, req.body.reason);
          await control.release(currentUser(req).id);
          return { exits: 0, cancels: 0 };
        },
      ),
  );
  app.post(
    '/admin/orders/:id/cancel',
    { ...act, schema: { tags, params: idParam, body: reasonBody, response: { 200: ok } } },
    async (req) => ({
      ok: await audited(req, 'orders.cancel', req.params.id, req.body, async () => {
        await control.cancel(req.params.id);
        return true;
      }),
    }),
  );
  app.post(
    '/admin/trades/:id/exit',
    {
      ...act,
      schema: { tags, params: idParam, body: reasonBody, response: { 200: z.object({ exits: z.number().int() }) } },
    },
    async (req) => ({
      exits: await audited(req, 'orders.exit_trade', req.params.id, req.body, () =>
        control.exit({ tradeId: req.params.id }),
      ),
    }),
  );
  app.post(
    '/admin/maps/:id/exit',
    {
      ...act,
      schema: { tags, params: idParam, body: reasonBody, response: { 200: z.object({ exits: z.number().int() }) } },
    },
    async (req) => ({
      exits: await audited(req, 'orders.exit_map', req.params.id, req.body, () =>
        control.exit({ mapId: req.params.id }),
      ),
    }),
  );
  app.post(
    '/admin/maps/:id/entries',
    {
      ...act,
      schema: {
        tags,
        params: idParam,
        body: entryBody,
        response: { 200: z.object({ clientOrderId: z.string(), created: z.boolean() }) },
      },
    },
    async (req) =>
      audited(req, 'orders.manual_entry', req.params.id, req.body, () =>
        control.enter({ mapId: req.params.id, ...req.body }),
      ),
  );
};
