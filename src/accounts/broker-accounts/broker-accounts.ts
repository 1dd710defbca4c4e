import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { BrokerCredentials } from '#src/brokers/contract';
import { tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { accountsError } from '../errors';
import { type BrokerAccountsDeps, createAccountRows } from './account-rows';
import { createBrokerLogin } from './broker-login';
import type { TradingMode } from './effective-mode';

const { brokerAccounts, trades } = tables;

export type { BrokerAccountView, BrokerLookup } from './account-rows';

/** Trade statuses that mean a position is (or may become) open. */
const OPEN_TRADE = ['OPEN', 'EXITING', 'PENDING_ENTRY'];

/**
 * A trader's broker accounts: CRUD with credentials encrypted at rest, the OAuth connect/callback, disconnect and
 * the admin overrides. Every change recomputes the effective mode (decideMode) and publishes it on the bus.
 * Reads are row-level: every query filters by the owner unless the caller is an admin path (`userId` undefined).
 */
export function createBrokerAccounts(deps: BrokerAccountsDeps) {
  const { db } = deps;
  const rows = createAccountRows(deps);
  const { sync, views, getRow, get } = rows;
  const list = (userId: string) => views(and(eq(brokerAccounts.userId, userId), isNull(brokerAccounts.archivedAt)));
  return {
    list,
    get,
    async create(p: {
      userId: string;
      broker: string;
      label: string;
      brokerClientId: string;
      credentials?: BrokerCredentials | undefined;
      /** The plan's limit on accounts (not archived); undefined means no limit. */
      maxAccounts?: number | undefined;
    }) {
      if (p.broker !== 'paper' && !deps.brokers.get(p.broker)) throw accountsError('BROKER_UNSUPPORTED');
      if (p.maxAccounts !== undefined && (await list(p.userId)).length >= p.maxAccounts)
        throw accountsError('PLAN_LIMIT', `the plan allows ${p.maxAccounts} broker account(s)`);
      const now = deps.clock.now();
      const [row] = await db
        .insert(brokerAccounts)
        .values({
          userId: p.userId,
          broker: p.broker,
          label: p.label,
          brokerClientId: p.brokerClientId,
          mode: 'paper',
          effectiveMode: 'paper',
          modeReason: 'USER_CHOICE',
          tokenState: 'NOT_CONNECTED',
          credentialsEnc: p.credentials ? deps.crypto.encrypt(JSON.stringify(p.credentials)) : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: brokerAccounts.id });
      const id = row?.id ?? '';
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'broker.account_added',
        subject: id,
        data: { broker: p.broker },
      });
      await sync(id, p.userId);
      return get(id, p.userId);
    },
    async update(p: {
      id: string;
      userId: string;
      label?: string | undefined;
      mode?: TradingMode | undefined;
      credentials?: BrokerCredentials | undefined;
    }) {
      const row = await getRow(p.id, p.userId);
      if (p.mode === 'live' && row.broker === 'paper') throw accountsError('MODE_NOT_ALLOWED');
      await db
        .update(brokerAccounts)
        .set({
          ...(p.label !== undefined ? { label: p.label } : {}),
          ...(p.mode !== undefined ? { mode: p.mode } : {}),
          ...(p.credentials ? { credentialsEnc: deps.crypto.encrypt(JSON.stringify(p.credentials)) } : {}),
          updatedAt: deps.clock.now(),
        })
        .where(eq(brokerAccounts.id, p.id));
      if (p.mode !== undefined && p.mode !== row.mode)
        await appendAudit(db, {
          at: Date.now(),
          actorId: p.userId,
          action: 'account.mode_chosen',
          subject: p.id,
          data: { mode: p.mode },
        });
      if (p.credentials)
        await appendAudit(db, {
          at: Date.now(),
          actorId: p.userId,
          action: 'broker.credentials_saved',
          subject: p.id,
          data: {},
        });
      await sync(p.id, p.userId);
      return get(p.id, p.userId);
    },
    /** Removes an account (kept for history, hidden and never traded); refused while it has open trades. */
    async archive(p: { id: string; userId: string }) {
      await getRow(p.id, p.userId);
      const open = await db
        .select({ id: trades.id })
        .from(trades)
        .where(and(eq(trades.accountId, p.id), inArray(trades.status, OPEN_TRADE)))
        .limit(1);
      if (open.length > 0) throw accountsError('OPEN_POSITIONS');
      await db
        .update(brokerAccounts)
        .set({ archivedAt: deps.clock.now(), sessionEnc: null, tokenState: 'REVOKED' })
        .where(eq(brokerAccounts.id, p.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'broker.account_removed',
        subject: p.id,
        data: {},
      });
      await sync(p.id, p.userId);
    },
    ...createBrokerLogin(deps, rows),
    /** Admin: halt an account or force it to paper (or lift either). */
    async setOverrides(p: {
      id: string;
      actorId: string;
      halted?: boolean | undefined;
      adminForcedPaper?: boolean | undefined;
      reason: string;
    }) {
      await getRow(p.id, undefined);
      await db
        .update(brokerAccounts)
        .set({
          ...(p.halted !== undefined ? { halted: p.halted } : {}),
          ...(p.adminForcedPaper !== undefined ? { adminForcedPaper: p.adminForcedPaper } : {}),
        })
        .where(eq(brokerAccounts.id, p.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.actorId,
        action: 'admin.account_override',
        subject: p.id,
        data: { halted: p.halted ?? null, adminForcedPaper: p.adminForcedPaper ?? null, reason: p.reason },
      });
      await sync(p.id, p.actorId);
      return get(p.id, undefined);
    },
  };
}

export type BrokerAccounts = ReturnType<typeof createBrokerAccounts>;
