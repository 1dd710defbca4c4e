import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';

const { userSessions, users } = tables;

/** The signed-in user as routes see it. */
export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: 'trader' | 'ops' | 'admin' | 'super_admin';
}

/** Server-side sessions: the cookie holds a random token; the store holds only its SHA-256. */
export interface SessionStore {
  create(userId: string): Promise<{ token: string; expiresAt: number }>;
  find(token: string): Promise<SessionUser | undefined>;
  destroy(token: string): Promise<void>;
  /** Ends every session of a user (logout everywhere, password reset, role change). */
  destroyAll(userId: string): Promise<void>;
  /** Replaces a session by a fresh one (privilege change): the old token stops working at once. */
  rotate(token: string, userId: string): Promise<{ token: string; expiresAt: number }>;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function createSessionStore(deps: { db: Db; clock: Clock; ttlMs: number }): SessionStore {
  const store: SessionStore = {
    async create(userId) {
      const token = randomBytes(32).toString('base64url');
      // Session expiry is wall time: an accelerated market clock must not log people out.
      const now = Date.now();
      const expiresAt = now + deps.ttlMs;
      await deps.db.insert(userSessions).values({ id: digest(token), userId, createdAt: now, expiresAt });
      return { token, expiresAt };
    },
    async find(token) {
      const [row] = await deps.db
        .select({
          id: users.id,
          email: users.email,
          displayName: users.displayName,
          role: users.role,
          status: users.status,
        })
        .from(userSessions)
        .innerJoin(users, eq(users.id, userSessions.userId))
        .where(and(eq(userSessions.id, digest(token)), gt(userSessions.expiresAt, Date.now())));
      if (row?.status !== 'active') return undefined;
      return { id: row.id, email: row.email, displayName: row.displayName, role: row.role as SessionUser['role'] };
    },
    async destroy(token) {
      await deps.db.delete(userSessions).where(eq(userSessions.id, digest(token)));
    },
    async destroyAll(userId) {
      await deps.db.delete(userSessions).where(eq(userSessions.userId, userId));
    },
    async rotate(token, userId) {
      await store.destroy(token);
      return store.create(userId);
    },
  };
  return store;
}
