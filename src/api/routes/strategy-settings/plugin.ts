import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '#src/accounts';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { currentUser } from '../../plugins/auth';
import { ApiError } from '../../plugins/problem-json';
import { uuidParam } from '../auth/schemas';

const { strategySettings } = tables;
const tags = ['admin'];

/** An exchange-issued algo id as brokers carry it; the same shape the ALGO_ID_* variables accept. */
const algoId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected an exchange algo id: 1-40 letters, digits, - or _');

export const strategySettingSchema = z.object({
  id: z.uuid(),
  strategyId: z.string(),
  name: z.string(),
  underlying: z.string(),
  status: z.string(),
  /** The strategy's registered exchange algo id; null: its orders carry the configured generic id. */
  algoId: algoId.nullable(),
  createdAt: z.number(),
});
const one = z.object({ setting: strategySettingSchema });
const view = (s: typeof strategySettings.$inferSelect) => strategySettingSchema.parse(s);

/**
 * Admin: strategy settings and their exchange algo ids (SEBI: platform-hosted strategies are registered and get
 * their own id). Every change is in the tamper-evident audit log; executors pick it up within seconds.
 */
export const strategySettingRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (app, opts) => {
  const { db, clock } = opts;
  app.get(
    '/admin/strategy-settings',
    {
      config: { permission: 'admin:read' },
      schema: { tags, response: { 200: z.object({ settings: z.array(strategySettingSchema) }) } },
    },
    async () => ({
      settings: (await db.select().from(strategySettings).orderBy(asc(strategySettings.name))).map(view),
    }),
  );
  app.patch(
    '/admin/strategy-settings/:id/algo-id',
    {
      config: { permission: 'admin:write' },
      schema: { tags, params: uuidParam, body: z.object({ algoId: algoId.nullable() }), response: { 200: one } },
    },
    async (req) => {
      const id = req.params.id;
      const to = req.body.algoId;
      const setting = await db.transaction(async (tx) => {
        const [before] = await tx.select().from(strategySettings).where(eq(strategySettings.id, id)).for('update');
        if (!before) throw new ApiError('NOT_FOUND', 404, 'Not found', `no strategy setting ${id}`);
        const [after] = await tx
          .update(strategySettings)
          .set({ algoId: to })
          .where(eq(strategySettings.id, id))
          .returning();
        await appendAudit(tx, {
          at: clock.now(),
          actorId: currentUser(req).id,
          action: 'strategy.algo_id_set',
          subject: id,
          data: { strategyId: before.strategyId, name: before.name, from: before.algoId, to },
        });
        return after!;
      });
      return { setting: view(setting) };
    },
  );
};
