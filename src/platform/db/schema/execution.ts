import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { brokerAccounts } from './broker-accounts';
import { orders } from './trading';

/** A sliced order's children: the parent row is never sent; each child is one broker order of at most the freeze. */
export const orderSlices = pgTable(
  'order_slices',
  {
    parentOrderId: uuid('parent_order_id')
      .notNull()
      .references(() => orders.id),
    sliceIndex: integer('slice_index').notNull(),
    childOrderId: uuid('child_order_id')
      .notNull()
      .references(() => orders.id),
  },
  (t) => [
    primaryKey({ columns: [t.parentOrderId, t.sliceIndex] }),
    uniqueIndex('order_slices_child_idx').on(t.childOrderId),
  ],
);

/**
 * Trading halts: one account (scope ACCOUNT) or every entry on the platform (scope GLOBAL, the kill switch).
 * A halt is active until `resumedAt` is set by an admin.
 */
export const tradingHalts = pgTable(
  'trading_halts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** ACCOUNT | GLOBAL */
    scope: text('scope').notNull(),
    accountId: uuid('account_id').references(() => brokerAccounts.id),
    /** CONSECUTIVE_ERRORS | DAY_LOSS_LIMIT | RECONCILIATION_MISMATCH | MANUAL | KILL_SWITCH */
    reason: text('reason').notNull(),
    detail: text('detail'),
    haltedBy: text('halted_by'),
    haltedAt: bigint('halted_at', { mode: 'number' }).notNull(),
    resumedBy: text('resumed_by'),
    resumedAt: bigint('resumed_at', { mode: 'number' }),
  },
  (t) => [index('trading_halts_account_idx').on(t.accountId)],
);

/** Order commands that could not be processed, with the reason; listed to ops. */
export const orderDeadLetters = pgTable('order_dead_letters', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  entryId: text('entry_id').notNull(),
  reason: text('reason').notNull(),
  message: jsonb('message').notNull(),
  deliveries: integer('deliveries').notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
});

/** What reconciliation found when it compared the platform's books with a broker's. */
export const reconciliationFindings = pgTable(
  'reconciliation_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id),
    /** EXTERNAL_ORDER (adopted) | POSITION_MISMATCH | ORDER_MISMATCH */
    kind: text('kind').notNull(),
    /** The broker order id (EXTERNAL_ORDER) or instrument id (POSITION_MISMATCH) the finding is about. */
    subject: text('subject').notNull(),
    detail: jsonb('detail').notNull(),
    /** OPEN | RESOLVED | HALTED */
    status: text('status').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('reconciliation_findings_subject_idx').on(t.accountId, t.kind, t.subject)],
);
