import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { type Db, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import type { SessionUser } from '../auth/sessions';
import { accountsError } from '../errors';

const { apiKeys, users } = tables;

/** What a key may do: `read` safe methods; `trade` also writes to the owner's own data. */
export const API_KEY_SCOPES = ['read', 'trade'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A key's owner and scopes, as the auth plugin sees them. */
export interface ApiKeyPrincipal {
  readonly user: SessionUser;
  readonly scopes: readonly ApiKeyScope[];
  readonly keyId: string;
}

const PREFIX = 'myn_';
const digest = (key: string) => createHash('sha256').update(key).digest('hex');

/** API keys: `myn_<id>_<secret>`, shown once at creation, stored as SHA-256, expiring, revocable. Wall time. */
export function createApiKeys(deps: { db: Db }) {
  const { db } = deps;
  const view = (r: typeof apiKeys.$inferSelect) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as ApiKeyScope[],
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    lastUsedAt: r.lastUsedAt,
    createdAt: r.createdAt,
  });
  return {
    list: async (userId: string) =>
      (await db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt))).map(view),
    async create(p: { userId: string; name: string; scopes: ApiKeyScope[]; expiresInDays: number }) {
      const prefix = randomBytes(4).toString('hex');
      const key = `${PREFIX}${prefix}_${randomBytes(24).toString('base64url')}`;
      const now = Date.now();
      const [row] = await db
        .insert(apiKeys)
        .values({
          userId: p.userId,
          name: p.name,
          prefix: `${PREFIX}${prefix}`,
          keyHash: digest(key),
          scopes: [...new Set(p.scopes)],
          expiresAt: now + p.expiresInDays * 86_400_000,
          createdAt: now,
        })
        .returning();
      if (!row) throw new Error('api key insert returned no row');
      await appendAudit(db, {
        at: now,
        actorId: p.userId,
        action: 'api_key.created',
        subject: row.id,
        data: { scopes: row.scopes, expiresAt: row.expiresAt },
      });
      return { key, apiKey: view(row) };
    },
    async revoke(p: { userId: string; id: string }) {
      const done = await db
        .update(apiKeys)
        .set({ revokedAt: Date.now() })
        .where(and(eq(apiKeys.id, p.id), eq(apiKeys.userId, p.userId), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      if (done.length === 0) throw accountsError('NOT_FOUND', 'api key not found');
      await appendAudit(db, { at: Date.now(), actorId: p.userId, action: 'api_key.revoked', subject: p.id, data: {} });
    },
    /** The key's principal, or undefined when it is unknown, revoked, expired or its user is not active. */
    async authenticate(key: string): Promise<ApiKeyPrincipal | undefined> {
      if (!key.startsWith(PREFIX) || key.length > 200) return undefined;
      const now = Date.now();
      const [row] = await db
        .select({ key: apiKeys, user: users })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .where(and(eq(apiKeys.keyHash, digest(key)), isNull(apiKeys.revokedAt), gt(apiKeys.expiresAt, now)));
      if (row?.user.status !== 'active') return undefined;
      await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
      const u = row.user;
      return {
        keyId: row.key.id,
        scopes: row.key.scopes as ApiKeyScope[],
        user: { id: u.id, email: u.email, displayName: u.displayName, role: u.role as SessionUser['role'] },
      };
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;
