import { bigint, boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * A trader's broker account. `mode` is the trader's choice; `effectiveMode` is what the gateway uses, with
 * `modeReason` saying why it is paper when the trader chose live.
 */
export const brokerAccounts = pgTable(
  'broker_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    broker: text('broker').notNull(),
    label: text('label').notNull(),
    brokerClientId: text('broker_client_id').notNull(),
    /** paper | live */
    mode: text('mode').notNull(),
    /** paper | live */
    effectiveMode: text('effective_mode').notNull(),
    /** USER_CHOICE | TOKEN_EXPIRED | NOT_CONNECTED | SUBSCRIPTION_INACTIVE | ACCOUNT_HALTED | ADMIN_FORCED | null when live */
    modeReason: text('mode_reason'),
    /** NOT_CONNECTED | CONNECTED | EXPIRED | REVOKED */
    tokenState: text('token_state').notNull(),
    tokenExpiresAt: bigint('token_expires_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** The broker app's key/secret/redirect (BrokerCredentials), encrypted with the crypto port; never returned. */
    credentialsEnc: text('credentials_enc'),
    /** The broker session (BrokerSession), encrypted; null when not connected. */
    sessionEnc: text('session_enc'),
    /** Admin overrides that force paper: a halt (ACCOUNT_HALTED) or a plain force (ADMIN_FORCED). */
    halted: boolean('halted').notNull().default(false),
    adminForcedPaper: boolean('admin_forced_paper').notNull().default(false),
    /** Set when the trader removes the account; removed accounts never trade and are hidden. */
    archivedAt: bigint('archived_at', { mode: 'number' }),
    updatedAt: bigint('updated_at', { mode: 'number' }),
  },
  (t) => [index('broker_accounts_user_idx').on(t.userId)],
);
