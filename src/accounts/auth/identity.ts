import { eq, sql } from 'drizzle-orm';
import { type Db, isUniqueViolation, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Mailer } from '#src/platform/mail';
import { appendAudit } from '../audit/audit-log';
import { accountsError } from '../errors';
import type { LoginThrottle } from './login-throttle';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import type { SessionStore } from './sessions';
import type { Totp } from './totp';
import { consumeUserToken, issueUserToken } from './user-tokens';

const { users } = tables;
type UserRow = typeof users.$inferSelect;

export interface IdentityDeps {
  readonly db: Db;
  readonly mailer: Mailer;
  readonly throttle: LoginThrottle;
  readonly totp: Totp;
  readonly sessions: SessionStore;
  readonly log: Logger;
  readonly verifyTokenTtlMs: number;
  readonly resetTokenTtlMs: number;
}

const findByEmail = async (db: Db, email: string): Promise<UserRow | undefined> =>
  (await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`))[0];

/**
 * Sign-up, email verification, sign-in (throttled, with optional TOTP), password reset and change. Security
 * tokens use wall time (Date.now), never the market clock. Answers never reveal whether an email is registered.
 */
export function createIdentity(deps: IdentityDeps) {
  const { db } = deps;
  // Mail failures must not fail the request (the user can ask again); they are logged for operators.
  const mail = async (to: string, subject: string, text: string) => {
    await deps.mailer.send({ to, subject, text }).catch((err: unknown) => deps.log.error({ err }, 'mail failed'));
  };
  const sendVerification = async (user: UserRow, baseUrl: string) => {
    const token = await issueUserToken(db, {
      userId: user.id,
      purpose: 'verify_email',
      ttlMs: deps.verifyTokenTtlMs,
      now: Date.now(),
    });
    const link = `${baseUrl}/api/v1/auth/verify-email?token=${token}`;
    await mail(user.email, 'Confirm your MYN Robo email', `Welcome to MYN Robo.\n\nConfirm your email:\n${link}\n`);
  };

  return {
    async signup(p: { email: string; password: string; displayName: string; baseUrl: string; ip: string }) {
      await deps.throttle.mailAttempt(p.ip);
      const passwordHash = await hashPassword(p.password);
      const now = Date.now();
      const inserted = await db
        .insert(users)
        .values({
          email: p.email,
          passwordHash,
          displayName: p.displayName,
          role: 'trader',
          status: 'pending_verification',
          createdAt: now,
        })
        .returning()
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) return [];
          throw err;
        });
      const user = inserted[0];
      if (!user) return; // already registered: same answer, no mail
      await appendAudit(db, { at: now, actorId: user.id, action: 'user.signup', subject: user.id, data: {} });
      await sendVerification(user, p.baseUrl);
    },

    async resendVerification(p: { email: string; baseUrl: string; ip: string }) {
      await deps.throttle.mailAttempt(p.ip);
      const user = await findByEmail(db, p.email);
      if (user && user.emailVerifiedAt === null && user.status === 'pending_verification')
        await sendVerification(user, p.baseUrl);
    },

    async verifyEmail(token: string) {
      const now = Date.now();
      await db.transaction(async (tx) => {
        const userId = await consumeUserToken(tx, { token, purpose: 'verify_email', now });
        if (!userId) throw accountsError('TOKEN_INVALID');
        await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, userId));
        await tx
          .update(users)
          .set({ status: 'active', statusReason: 'email verified' })
          .where(sql`${users.id} = ${userId} AND ${users.status} = 'pending_verification'`);
        await appendAudit(tx, { at: now, actorId: userId, action: 'user.email_verified', subject: userId, data: {} });
      });
    },

    async login(p: { email: string; password: string; totp?: string | undefined; ip: string }): Promise<UserRow> {
      await deps.throttle.check(p.email, p.ip);
      const user = await findByEmail(db, p.email);
      const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, p.password);
      if (!user || !ok) {
        if (await deps.throttle.fail(p.email))
          await appendAudit(db, {
            at: Date.now(),
            actorId: null,
            action: 'auth.lockout',
            subject: user?.id ?? null,
            data: { ip: p.ip },
          });
        throw accountsError('INVALID_CREDENTIALS');
      }
      if (user.status === 'pending_verification') throw accountsError('EMAIL_NOT_VERIFIED');
      if (user.status !== 'active') throw accountsError('ACCOUNT_INACTIVE');
      if (user.totpEnabled) {
        if (!p.totp) throw accountsError('TOTP_REQUIRED');
        if (!(await deps.totp.check({ userId: user.id, code: p.totp, now: Date.now() }))) {
          await deps.throttle.fail(p.email);
          throw accountsError('TOTP_INVALID');
        }
      }
      await deps.throttle.reset(p.email);
      await appendAudit(db, {
        at: Date.now(),
        actorId: user.id,
        action: 'auth.login',
        subject: user.id,
        data: { ip: p.ip, totp: user.totpEnabled },
      });
      return user;
    },

    async requestPasswordReset(p: { email: string; baseUrl: string; ip: string }) {
      await deps.throttle.mailAttempt(p.ip);
      const user = await findByEmail(db, p.email);
      if (!user || user.status === 'closed') return;
      const token = await issueUserToken(db, {
        userId: user.id,
        purpose: 'reset_password',
        ttlMs: deps.resetTokenTtlMs,
        now: Date.now(),
      });
      const link = `${p.baseUrl}/reset-password?token=${token}`;
      await mail(
        user.email,
        'Reset your MYN Robo password',
        `Reset your password (POST the token to /api/v1/auth/password-reset/confirm):\n${link}\n`,
      );
    },

    async confirmPasswordReset(p: { token: string; password: string }) {
      const passwordHash = await hashPassword(p.password);
      const now = Date.now();
      const userId = await db.transaction(async (tx) => {
        const id = await consumeUserToken(tx, { token: p.token, purpose: 'reset_password', now });
        if (!id) throw accountsError('TOKEN_INVALID');
        await tx.update(users).set({ passwordHash }).where(eq(users.id, id));
        await appendAudit(tx, { at: now, actorId: id, action: 'auth.password_reset', subject: id, data: {} });
        return id;
      });
      await deps.sessions.destroyAll(userId);
    },

    /** Changes the password after checking the current one; every other session ends. */
    async changePassword(p: { userId: string; current: string; next: string }) {
      const [user] = await db.select().from(users).where(eq(users.id, p.userId));
      if (!user || !(await verifyPassword(user.passwordHash, p.current))) throw accountsError('INVALID_CREDENTIALS');
      await db
        .update(users)
        .set({ passwordHash: await hashPassword(p.next) })
        .where(eq(users.id, p.userId));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'auth.password_changed',
        subject: p.userId,
        data: {},
      });
      await deps.sessions.destroyAll(p.userId);
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
