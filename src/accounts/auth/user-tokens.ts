import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { type Db, type Tx, tables } from '#src/platform/db';

const { userTokens } = tables;

/** What a mailed token proves. */
export type TokenPurpose = 'verify_email' | 'reset_password';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a single-use token for a user; only its SHA-256 is stored. Times are wall-clock ms. */
export async function issueUserToken(
  db: Db | Tx,
  p: { userId: string; purpose: TokenPurpose; ttlMs: number; now: number },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(userTokens).values({
    id: digest(token),
    userId: p.userId,
    purpose: p.purpose,
    createdAt: p.now,
    expiresAt: p.now + p.ttlMs,
  });
  return token;
}

/** Marks a token used and returns its user, or undefined when it is unknown, used, expired or for another purpose. */
export async function consumeUserToken(
  db: Db | Tx,
  p: { token: string; purpose: TokenPurpose; now: number },
): Promise<string | undefined> {
  // One UPDATE ... WHERE used_at IS NULL: two concurrent uses cannot both succeed.
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: p.now })
    .where(
      and(
        eq(userTokens.id, digest(p.token)),
        eq(userTokens.purpose, p.purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, p.now),
      ),
    )
    .returning({ userId: userTokens.userId });
  return row?.userId;
}
