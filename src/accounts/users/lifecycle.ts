import { and, asc, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import type { SessionStore } from '../auth/sessions';
import { syncAccountModes } from '../broker-accounts/mode-sync';
import { accountsError } from '../errors';
import type { Role } from '../rbac/permissions';

const { users, userNotes, trades, brokerAccounts } = tables;

/** Client lifecycle statuses. */
export type UserStatus = 'pending_verification' | 'active' | 'suspended' | 'closed';
/** Admin lifecycle actions. */
export type LifecycleAction = 'approve' | 'suspend' | 'reactivate' | 'close';

/** Which status each action leads from and to: the one transition table. */
export const LIFECYCLE: Record<LifecycleAction, { from: readonly UserStatus[]; to: UserStatus }> = {
  approve: { from: ['pending_verification'], to: 'active' },
  suspend: { from: ['active'], to: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active' },
  close: { from: ['pending_verification', 'active', 'suspended'], to: 'closed' },
};

const OPEN_TRADE = ['OPEN', 'EXITING', 'PENDING_ENTRY'];

/** Users as admins see them: list and detail, lifecycle actions, notes and role changes, all audited. */
export function createUserAdmin(deps: { db: Db; bus: Bus; clock: Clock; sessions: SessionStore }) {
  const { db } = deps;
  const get = async (id: string) => {
    const [u] = await db.select().from(users).where(eq(users.id, id));
    if (!u) throw accountsError('NOT_FOUND', 'user not found');
    return u;
  };
  return {
    get,
    async list(f: {
      status?: string | undefined;
      role?: string | undefined;
      q?: string | undefined;
      limit: number;
      offset: number;
    }) {
      const where: SQL[] = [];
      if (f.status) where.push(eq(users.status, f.status));
      if (f.role) where.push(eq(users.role, f.role));
      if (f.q) where.push(ilike(users.email, `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
      return db
        .select()
        .from(users)
        .where(and(...where))
        .orderBy(asc(users.createdAt))
        .limit(f.limit)
        .offset(f.offset);
    },
    notes: (userId: string) =>
      db.select().from(userNotes).where(eq(userNotes.userId, userId)).orderBy(desc(userNotes.createdAt)),
    async addNote(actorId: string, userId: string, note: string) {
      await get(userId);
      await db.transaction(async (tx) => {
        await tx.insert(userNotes).values({ userId, authorId: actorId, note, createdAt: Date.now() });
        await appendAudit(tx, { at: Date.now(), actorId, action: 'user.note_added', subject: userId, data: {} });
      });
    },
    async act(actorId: string, p: { userId: string; action: LifecycleAction; reason: string }) {
      const rule = LIFECYCLE[p.action];
      const user = await get(p.userId);
      if (!rule.from.includes(user.status as UserStatus))
        throw accountsError('INVALID_TRANSITION', `cannot ${p.action} a ${user.status} user`);
      await db.transaction(async (tx) => {
        if (p.action === 'close') {
          const open = await tx
            .select({ id: trades.id })
            .from(trades)
            .where(and(eq(trades.userId, p.userId), inArray(trades.status, OPEN_TRADE)))
            .limit(1);
          if (open.length > 0) throw accountsError('OPEN_POSITIONS');
        }
        await tx.update(users).set({ status: rule.to, statusReason: p.reason }).where(eq(users.id, p.userId));
        await appendAudit(tx, {
          at: Date.now(),
          actorId,
          action: `user.${p.action}`,
          subject: p.userId,
          data: { from: user.status, to: rule.to, reason: p.reason },
        });
      });
      if (rule.to !== 'active') await deps.sessions.destroyAll(p.userId);
      await syncAccountModes(
        { db, bus: deps.bus },
        { where: eq(brokerAccounts.userId, p.userId), now: deps.clock.now(), actorId },
      );
      return get(p.userId);
    },
    /** Changes a role; the user's sessions end so the new privileges start with a fresh session. */
    async setRole(actorId: string, p: { userId: string; role: Role; reason: string }) {
      const user = await get(p.userId);
      if (user.id === actorId) throw accountsError('INVALID_TRANSITION', 'you cannot change your own role');
      await db.transaction(async (tx) => {
        await tx.update(users).set({ role: p.role }).where(eq(users.id, p.userId));
        await appendAudit(tx, {
          at: Date.now(),
          actorId,
          action: 'user.role_changed',
          subject: p.userId,
          data: { from: user.role, to: p.role, reason: p.reason },
        });
      });
      await deps.sessions.destroyAll(p.userId);
      return get(p.userId);
    },
  };
}

export type UserAdmin = ReturnType<typeof createUserAdmin>;
