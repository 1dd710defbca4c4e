import { eq, isNotNull } from 'drizzle-orm';
import type { Crypto } from '#src/platform/crypto';
import { type Db, tables } from '#src/platform/db';
import { appendAudit, verifyAuditChain } from './audit/audit-log';

const { brokerAccounts, users } = tables;

/** `mynrobo audit-verify`: the chain's verdict as one line, and whether it held. */
export async function auditVerifyCommand(db: Db): Promise<{ ok: boolean; text: string }> {
  const r = await verifyAuditChain(db);
  return r.ok
    ? { ok: true, text: `audit chain OK: ${r.rows} rows` }
    : { ok: false, text: `audit chain BROKEN at row ${r.brokenAt} of ${r.rows}: ${r.reason}` };
}

/**
 * `mynrobo rotate-keys`: re-wraps every encrypted value (broker credentials and sessions, TOTP secrets) under
 * the current master key. Run after moving the old key to MASTER_KEYS_RETIRED; drop it once this reports 0 left.
 */
export async function rotateKeysCommand(db: Db, crypto: Crypto): Promise<{ rewrapped: number; text: string }> {
  let rewrapped = 0;
  const again = (v: string | null) => {
    if (v === null) return null;
    const next = crypto.rewrap(v);
    if (next !== v) rewrapped++;
    return next;
  };
  await db.transaction(async (tx) => {
    for (const a of await tx.select().from(brokerAccounts)) {
      const credentialsEnc = again(a.credentialsEnc);
      const sessionEnc = again(a.sessionEnc);
      if (credentialsEnc !== a.credentialsEnc || sessionEnc !== a.sessionEnc)
        await tx.update(brokerAccounts).set({ credentialsEnc, sessionEnc }).where(eq(brokerAccounts.id, a.id));
    }
    for (const u of await tx.select().from(users).where(isNotNull(users.totpSecretEnc))) {
      const totpSecretEnc = again(u.totpSecretEnc);
      if (totpSecretEnc !== u.totpSecretEnc) await tx.update(users).set({ totpSecretEnc }).where(eq(users.id, u.id));
    }
    await appendAudit(tx, {
      at: Date.now(),
      actorId: null,
      action: 'crypto.keys_rotated',
      subject: null,
      data: { keyId: crypto.currentKeyId, rewrapped },
    });
  });
  return { rewrapped, text: `re-wrapped ${rewrapped} values under key ${crypto.currentKeyId}` };
}
