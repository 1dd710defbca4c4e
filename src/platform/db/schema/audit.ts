import { bigint, bigserial, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/** Append-only audit trail; each row's hash chains to the previous row's hash. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: bigint('at', { mode: 'number' }).notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  subject: text('subject'),
  data: jsonb('data').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
