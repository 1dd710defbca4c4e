import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Crypto } from '#src/platform/crypto';
import { type Db, type Tx, tables } from '#src/platform/db';
import { accountsError } from '../errors';

const { users, recoveryCodes } = tables;
const RECOVERY_CODES = 10;
const hashCode = (code: string) => createHash('sha256').update(code.replace(/-/g, '').toLowerCase()).digest('hex');

/** TOTP two-factor: set up (secret stored encrypted), enable with a first code, verify, recovery codes. */
export function createTotp(deps: { db: Db; crypto: Crypto; issuer: string }) {
  const secretOf = async (userId: string, db: Db | Tx = deps.db) => {
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    if (!u?.totpSecretEnc) throw accountsError('TOTP_NOT_SET_UP');
    return { secret: deps.crypto.decrypt(u.totpSecretEnc), enabled: u.totpEnabled, email: u.email };
  };
  const checkCode = async (secret: string, code: string, epochMs: number) =>
    /^\d{6}$/.test(code) &&
    (await verify({ secret, token: code, epoch: Math.floor(epochMs / 1000), epochTolerance: 30 })).valid;

  return {
    /** Starts (or restarts) setup: a new secret, not yet enforced until `enable` sees a valid code. */
    async setup(userId: string, email: string) {
      const [u] = await deps.db.select({ enabled: users.totpEnabled }).from(users).where(eq(users.id, userId));
      if (u?.enabled) throw accountsError('TOTP_ALREADY_ENABLED');
      const secret = generateSecret();
      await deps.db
        .update(users)
        .set({ totpSecretEnc: deps.crypto.encrypt(secret) })
        .where(eq(users.id, userId));
      return { secret, otpauthUrl: generateURI({ issuer: deps.issuer, label: email, secret }) };
    },
    /** Turns 2FA on after a valid code; returns the recovery codes, shown once. */
    async enable(tx: Tx, p: { userId: string; code: string; now: number }) {
      const s = await secretOf(p.userId, tx);
      if (s.enabled) throw accountsError('TOTP_ALREADY_ENABLED');
      if (!(await checkCode(s.secret, p.code, p.now))) throw accountsError('TOTP_INVALID');
      const codes = Array.from({ length: RECOVERY_CODES }, () => {
        const hex = randomBytes(5).toString('hex');
        return `${hex.slice(0, 5)}-${hex.slice(5)}`;
      });
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, p.userId));
      await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: p.userId, codeHash: hashCode(c) })));
      await tx.update(users).set({ totpEnabled: true }).where(eq(users.id, p.userId));
      return codes;
    },
    async disable(tx: Tx, userId: string) {
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      await tx.update(users).set({ totpEnabled: false, totpSecretEnc: null }).where(eq(users.id, userId));
    },
    /** True for a valid current code, or an unused recovery code (which is then spent). */
    async check(p: { userId: string; code: string; now: number }): Promise<boolean> {
      const s = await secretOf(p.userId);
      if (await checkCode(s.secret, p.code, p.now)) return true;
      const used = await deps.db
        .update(recoveryCodes)
        .set({ usedAt: p.now })
        .where(
          and(
            eq(recoveryCodes.userId, p.userId),
            eq(recoveryCodes.codeHash, hashCode(p.code)),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      return used.length > 0;
    },
  };
}

export type Totp = ReturnType<typeof createTotp>;
