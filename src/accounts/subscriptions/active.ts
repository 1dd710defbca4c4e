import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Db, tables } from '#src/platform/db';

const { subscriptions, brokerAccounts, users } = tables;
const DAY_MS = 86_400_000;

/** SQL: the user (a column) has a subscription that is active at `now` (its grace days included). */
export function hasActiveSubscription(userIdColumn: SQL | AnyPgColumn, now: number): SQL {
  return sql`EXISTS (SELECT 1 FROM ${subscriptions} WHERE ${subscriptions.userId} = ${userIdColumn}
    AND ${subscriptions.status} = 'active' AND ${subscriptions.startsAt} <= ${now}
    AND ${subscriptions.endsAt} + ${subscriptions.graceDays}::bigint * ${DAY_MS} > ${now})`;
}

/** Whether one user has an active subscription at `now`. */
export async function isSubscriptionActive(db: Db, userId: string, now: number): Promise<boolean> {
  const [row] = await db
    .select({ ok: hasActiveSubscription(users.id, now).mapWith(Boolean) })
    .from(users)
    .where(eq(users.id, userId));
  return row?.ok ?? false;
}

/**
 * The broker accounts a strategy may trade at `now` (paper or live): the user is active and subscribed, the
 * account is not removed and not halted. A subquery, for `inArray(strategyMaps.accountId, …)` in the fan-out.
 */
export function tradableAccountIds(db: Db, now: number) {
  return db
    .select({ id: brokerAccounts.id })
    .from(brokerAccounts)
    .innerJoin(users, eq(users.id, brokerAccounts.userId))
    .where(
      and(
        eq(users.status, 'active'),
        isNull(brokerAccounts.archivedAt),
        eq(brokerAccounts.halted, false),
        hasActiveSubscription(users.id, now),
      ),
    );
}
