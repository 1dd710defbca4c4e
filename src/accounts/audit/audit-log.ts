import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import { type Db, type Tx, tables } from '#src/platform/db';

const { auditLog } = tables;

/** One audited action. `data` must never contain secrets (tokens, passwords, broker keys). */
export interface AuditEntry {
  readonly at: number;
  readonly actorId: string | null;
  readonly action: string;
  readonly subject: string | null;
  readonly data: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/** Canonical JSON (sorted keys) so the hash does not depend on key order after a round trip through jsonb. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function rowHash(prevHash: string, e: AuditEntry): string {
  return createHash('sha256')
    .update(canonical({ prevHash, at: e.at, actorId: e.actorId, action: e.action, subject: e.subject, data: e.data }))
    .digest('hex');
}

// One writer at a time extends the chain, across processes (a transaction-scoped advisory lock).
const AUDIT_LOCK = 7_262_002;

/** Appends an entry, chained to the previous row's hash. Pass a transaction to audit atomically with a change. */
export async function appendAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  const write = async (tx: Tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    const prevHash = last?.hash ?? GENESIS;
    await tx.insert(auditLog).values({ ...entry, prevHash, hash: rowHash(prevHash, entry) });
  };
  await (db as Db).transaction(write);
}

/** Walks the chain from the start; reports the first row whose link or content does not verify. */
export async function verifyAuditChain(
  db: Db,
): Promise<{ ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string }> {
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.id));
  let prev = GENESIS;
  for (const r of rows) {
    if (r.prevHash !== prev)
      return { ok: false, rows: rows.length, brokenAt: r.id, reason: 'prev_hash does not match the previous row' };
    const entry: AuditEntry = {
      at: r.at,
      actorId: r.actorId,
      action: r.action,
      subject: r.subject,
      data: r.data as Record<string, unknown>,
    };
    if (rowHash(prev, entry) !== r.hash)
      return { ok: false, rows: rows.length, brokenAt: r.id, reason: 'row content does not match its hash' };
    prev = r.hash;
  }
  return { ok: true, rows: rows.length };
}
