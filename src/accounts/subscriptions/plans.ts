import { asc, eq } from 'drizzle-orm';
import { type Db, isUniqueViolation, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { accountsError } from '../errors';

const { plans } = tables;
export type PlanRow = typeof plans.$inferSelect;

/** The editable fields of a plan. */
export interface PlanInput {
  name: string;
  pricePaise: number;
  periodDays: number;
  strategyIds: string[];
  maxBrokerAccounts: number;
  maxLotMultiplier: number;
  active: boolean;
}

/** Subscription plans: admins create and edit them, everybody signed in can list the active ones. */
export function createPlans(deps: { db: Db }) {
  const { db } = deps;
  const get = async (id: string) => {
    const [row] = await db.select().from(plans).where(eq(plans.id, id));
    if (!row) throw accountsError('NOT_FOUND', 'plan not found');
    return row;
  };
  return {
    get,
    list: async (opts: { includeInactive: boolean }) =>
      (await db.select().from(plans).orderBy(asc(plans.pricePaise))).filter((p) => opts.includeInactive || p.active),
    async create(actorId: string, input: PlanInput) {
      const [row] = await db
        .insert(plans)
        .values({ ...input, createdAt: Date.now() })
        .returning()
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw accountsError('CONFLICT', 'a plan with that name exists');
          throw err;
        });
      await appendAudit(db, {
        at: Date.now(),
        actorId,
        action: 'plan.created',
        subject: row?.id ?? null,
        data: { ...input },
      });
      return get(row?.id ?? '');
    },
    async update(actorId: string, id: string, input: Partial<PlanInput>) {
      await get(id);
      await db
        .update(plans)
        .set(input)
        .where(eq(plans.id, id))
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw accountsError('CONFLICT', 'a plan with that name exists');
          throw err;
        });
      await appendAudit(db, { at: Date.now(), actorId, action: 'plan.updated', subject: id, data: { ...input } });
      return get(id);
    },
  };
}

export type Plans = ReturnType<typeof createPlans>;
