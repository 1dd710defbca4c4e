import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Platform users: traders and the operator's staff. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    /** trader | ops | admin | super_admin */
    role: text('role').notNull(),
    /** pending_verification | active | suspended | closed */
    status: text('status').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** When the email address was proven by the verification link; null until then. */
    emailVerifiedAt: bigint('email_verified_at', { mode: 'number' }),
    /** The last lifecycle change's reason (suspend, close), shown to admins. */
    statusReason: text('status_reason'),
    /** TOTP secret, encrypted with the crypto port (envelope); null when 2FA was never set up. */
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
  },
  (t) => [uniqueIndex('users_email_lower_idx').on(sql`lower(${t.email})`)],
);

/** Login sessions. The id is the SHA-256 of the cookie token, so a leaked table cannot be replayed. */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);
