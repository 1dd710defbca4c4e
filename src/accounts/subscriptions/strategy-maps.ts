import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Clock } from '#src/platform/clock';
import { type Db, isUniqueViolation, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { accountsError } from '../errors';
import type { Subscriptions } from './subscriptions';

const { strategyMaps, strategySettings, brokerAccounts } = tables;

/** The editable fields of a map. */
export interface MapInput {
  lotMultiplier: number;
  premiumOverridePaise?: number | null | undefined;
  maxTrades?: number | null | undefined;
  daySlPaise?: number | null | undefined;
  dayTargetPaise?: number | null | undefined;
}

/**
 * Strategy maps (master setting → one trader's broker account), admin-managed and gated: only a user with an
 * active subscription whose plan allows the strategy and the lot multiplier can be mapped.
 */
export function createStrategyMaps(deps: { db: Db; clock: Clock; subscriptions: Subscriptions }) {
  const { db } = deps;
  const get = async (id: string) => {
    const [row] = await db.select().from(strategyMaps).where(eq(strategyMaps.id, id));
    if (!row) throw accountsError('NOT_FOUND', 'map not found');
    return row;
  };
  const checkPlan = async (userId: string, strategyId: string, lotMultiplier: number) => {
    const plan = await deps.subscriptions.activePlan(userId);
    if (!plan) throw accountsError('SUBSCRIPTION_REQUIRED');
    if (plan.strategyIds.length > 0 && !plan.strategyIds.includes(strategyId))
      throw accountsError('PLAN_LIMIT', `the plan does not include ${strategyId}`);
    if (lotMultiplier > plan.maxLotMultiplier)
      throw accountsError('PLAN_LIMIT', `the plan allows at most ${plan.maxLotMultiplier}x lots`);
  };
  const settingOf = async (settingId: string) => {
    const [s] = await db.select().from(strategySettings).where(eq(strategySettings.id, settingId));
    if (!s) throw accountsError('NOT_FOUND', 'strategy setting not found');
    return s;
  };
  return {
    list: (filter: { settingId?: string | undefined; userId?: string | undefined }) =>
      db
        .select()
        .from(strategyMaps)
        .where(
          and(
            filter.settingId ? eq(strategyMaps.settingId, filter.settingId) : undefined,
            filter.userId ? eq(strategyMaps.userId, filter.userId) : undefined,
          ),
        )
        .orderBy(desc(strategyMaps.createdAt)),
    async create(actorId: string, p: MapInput & { settingId: string; accountId: string }) {
      const setting = await settingOf(p.settingId);
      const [account] = await db
        .select()
        .from(brokerAccounts)
        .where(and(eq(brokerAccounts.id, p.accountId), isNull(brokerAccounts.archivedAt)));
      if (!account) throw accountsError('NOT_FOUND', 'broker account not found');
      await checkPlan(account.userId, setting.strategyId, p.lotMultiplier);
      const [row] = await db
        .insert(strategyMaps)
        .values({ ...p, userId: account.userId, active: true, createdAt: deps.clock.now() })
        .returning()
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw accountsError('CONFLICT', 'this account is already mapped to the setting');
          throw err;
        });
      await appendAudit(db, {
        at: Date.now(),
        actorId,
        action: 'map.created',
        subject: row?.id ?? null,
        data: { ...p, userId: account.userId },
      });
      return get(row?.id ?? '');
    },
    async update(actorId: string, id: string, p: Partial<MapInput> & { active?: boolean | undefined }) {
      const map = await get(id);
      const lotMultiplier = p.lotMultiplier ?? map.lotMultiplier;
      // Re-activating or scaling up is a new grant and needs the plan; deactivating never does.
      if (p.active === true || p.lotMultiplier !== undefined)
        await checkPlan(map.userId, (await settingOf(map.settingId)).strategyId, lotMultiplier);
      await db.update(strategyMaps).set(p).where(eq(strategyMaps.id, id));
      await appendAudit(db, {
        at: Date.now(),
        actorId,
        action: p.active === false ? 'map.deactivated' : 'map.updated',
        subject: id,
        data: { ...p },
      });
      return get(id);
    },
  };
}

export type StrategyMaps = ReturnType<typeof createStrategyMaps>;
