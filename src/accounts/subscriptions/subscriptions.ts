import { and, desc, eq, lte, sql } from 'drizzle-orm';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { syncAccountModes } from '../broker-accounts/mode-sync';
import { accountsError } from '../errors';

const { subscriptions, plans, users, brokerAccounts } = tables;
const DAY_MS = 86_400_000;

/**
 * Subscriptions on the platform clock (the market day may run accelerated): admins assign, extend and cancel;
 * each change recomputes the user's accounts' modes. `expireDue` is the idempotent scheduler job.
 */
export function createSubscriptions(deps: { db: Db; bus: Bus; clock: Clock }) {
  const { db } = deps;
  const resync = (userId: string, actorId: string | null) =>
    syncAccountModes(
      { db, bus: deps.bus },
      { where: eq(brokerAccounts.userId, userId), now: deps.clock.now(), actorId },
    );
  const get = async (id: string) => {
    const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
    if (!row) throw accountsError('NOT_FOUND', 'subscription not found');
    return row;
  };
  const change = async (
    actorId: string,
    id: string,
    action: string,
    set: Partial<typeof subscriptions.$inferInsert>,
    data: Record<string, unknown>,
  ) => {
    const row = await get(id);
    await db.transaction(async (tx) => {
      await tx
        .update(subscriptions)
        .set({ ...set, updatedAt: deps.clock.now() })
        .where(eq(subscriptions.id, id));
      await appendAudit(tx, {
        at: Date.now(),
        actorId,
        action,
        subject: row.userId,
        data: { subscriptionId: id, ...data },
      });
    });
    await resync(row.userId, actorId);
    return get(id);
  };

  return {
    /** The user's subscriptions, newest first, with their plan names. Row-level by userId. */
    list: (userId: string) =>
      db
        .select({ subscription: subscriptions, planName: plans.name })
        .from(subscriptions)
        .innerJoin(plans, eq(plans.id, subscriptions.planId))
        .where(eq(subscriptions.userId, userId))
        .orderBy(desc(subscriptions.startsAt)),
    /** The plan of the user's active subscription, if any. */
    async activePlan(userId: string) {
      const now = deps.clock.now();
      const [row] = await db
        .select({ plan: plans })
        .from(users)
        .innerJoin(subscriptions, eq(subscriptions.userId, users.id))
        .innerJoin(plans, eq(plans.id, subscriptions.planId))
        .where(
          and(
            eq(users.id, userId),
            eq(subscriptions.status, 'active'),
            lte(subscriptions.startsAt, now),
            sql`${subscriptions.endsAt} + ${subscriptions.graceDays}::bigint * ${DAY_MS} > ${now}`,
          ),
        )
        .limit(1);
      return row?.plan;
    },
    async assign(actorId: string, p: { userId: string; planId: string; days?: number | undefined; graceDays: number }) {
      const [plan] = await db.select().from(plans).where(eq(plans.id, p.planId));
      if (!plan?.active) throw accountsError('NOT_FOUND', 'active plan not found');
      const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, p.userId));
      if (!user) throw accountsError('NOT_FOUND', 'user not found');
      const now = deps.clock.now();
      const endsAt = now + (p.days ?? plan.periodDays) * DAY_MS;
      const [row] = await db.transaction(async (tx) => {
        const inserted = await tx
          .insert(subscriptions)
          .values({
            userId: p.userId,
            planId: p.planId,
            startsAt: now,
            endsAt,
            graceDays: p.graceDays,
            status: 'active',
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await appendAudit(tx, {
          at: Date.now(),
          actorId,
          action: 'subscription.assigned',
          subject: p.userId,
          data: { subscriptionId: inserted[0]?.id ?? null, planId: p.planId, endsAt },
        });
        return inserted;
      });
      await resync(p.userId, actorId);
      return get(row?.id ?? '');
    },
    async extend(actorId: string, id: string, days: number) {
      const row = await get(id);
      if (row.status === 'cancelled')
        throw accountsError('INVALID_TRANSITION', 'a cancelled subscription cannot be extended');
      const endsAt = Math.max(row.endsAt, deps.clock.now()) + days * DAY_MS;
      return change(actorId, id, 'subscription.extended', { endsAt, status: 'active' }, { days, endsAt });
    },
    cancel: (actorId: string, id: string, reason: string) =>
      change(actorId, id, 'subscription.cancelled', { status: 'cancelled' }, { reason }),
    /** Marks subscriptions past end + grace as expired and moves their users' accounts to paper. Idempotent. */
    async expireDue(): Promise<number> {
      const now = deps.clock.now();
      const due = await db
        .update(subscriptions)
        .set({ status: 'expired', updatedAt: now })
        .where(
          and(
            eq(subscriptions.status, 'active'),
            sql`${subscriptions.endsAt} + ${subscriptions.graceDays}::bigint * ${DAY_MS} <= ${now}`,
          ),
        )
        .returning({ id: subscriptions.id, userId: subscriptions.userId });
      for (const s of due)
        await appendAudit(db, {
          at: Date.now(),
          actorId: null,
          action: 'subscription.expired',
          subject: s.userId,
          data: { subscriptionId: s.id },
        });
      // Every account, not only these users': catches up after missed runs and after direct data changes.
      await syncAccountModes({ db, bus: deps.bus }, { where: undefined, now });
      return due.length;
    },
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
