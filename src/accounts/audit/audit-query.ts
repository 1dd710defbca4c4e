import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { type Db, tables } from '#src/platform/db';

const { auditLog } = tables;

/** Filters for the audit query API; times are epoch ms, `to` exclusive. */
export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  subject?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  offset: number;
}

/** Audit rows, newest first, filtered and paginated. */
export async function queryAudit(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.subject) where.push(eq(auditLog.subject, f.subject));
  if (f.from !== undefined) where.push(gte(auditLog.at, f.from));
  if (f.to !== undefined) where.push(lt(auditLog.at, f.to));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit)
    .offset(f.offset);
}
