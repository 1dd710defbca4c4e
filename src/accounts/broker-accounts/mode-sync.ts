import { eq, type SQL } from 'drizzle-orm';
import { type Bus, CHANNELS } from '#src/platform/bus';
import { type Db, type Tx, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { hasActiveSubscription } from '../subscriptions/active';
import { decideMode, type ModeDecision, type TokenState, type TradingMode } from './effective-mode';

const { brokerAccounts } = tables;

/** The bus message of a mode change (CHANNELS.accountMode). */
export interface AccountModeEvent {
  readonly accountId: string;
  readonly userId: string;
  readonly mode: TradingMode;
  readonly effectiveMode: TradingMode;
  readonly reason: string | null;
  readonly tokenState: TokenState;
  readonly at: number;
  [key: string]: string | number | null;
}

/** The account rows with what their mode depends on, filtered by `where`. */
export function selectModeInputs(db: Db | Tx, now: number, where: SQL | undefined) {
  return db
    .select({
      account: brokerAccounts,
      subscriptionActive: hasActiveSubscription(brokerAccounts.userId, now).mapWith(Boolean),
    })
    .from(brokerAccounts)
    .where(where);
}

type Row = Awaited<ReturnType<typeof selectModeInputs>>[number];

export function decideFor(row: Row, now: number): ModeDecision {
  const a = row.account;
  return decideMode({
    mode: a.mode as TradingMode,
    tokenState: a.tokenState as TokenState,
    tokenExpiresAt: a.tokenExpiresAt,
    subscriptionActive: row.subscriptionActive,
    halted: a.halted,
    adminForcedPaper: a.adminForcedPaper,
    now,
  });
}

/**
 * Recomputes the effective mode of the accounts matching `where` and stores, audits and publishes every change.
 * Idempotent: an account whose stored mode, reason and token state already match is left alone.
 */
export async function syncAccountModes(
  deps: { db: Db; bus: Bus },
  p: { where: SQL | undefined; now: number; actorId?: string | null },
): Promise<AccountModeEvent[]> {
  const changed: AccountModeEvent[] = [];
  await deps.db.transaction(async (tx) => {
    for (const row of await selectModeInputs(tx, p.now, p.where)) {
      const a = row.account;
      const d = decideFor(row, p.now);
      if (d.effectiveMode === a.effectiveMode && d.reason === a.modeReason && d.tokenState === a.tokenState) continue;
      await tx
        .update(brokerAccounts)
        .set({ effectiveMode: d.effectiveMode, modeReason: d.reason, tokenState: d.tokenState, updatedAt: p.now })
        .where(eq(brokerAccounts.id, a.id));
      const event: AccountModeEvent = {
        accountId: a.id,
        userId: a.userId,
        mode: a.mode as TradingMode,
        effectiveMode: d.effectiveMode,
        reason: d.reason,
        tokenState: d.tokenState,
        at: p.now,
      };
      await appendAudit(tx, {
        at: Date.now(),
        actorId: p.actorId ?? null,
        action: 'account.mode_changed',
        subject: a.id,
        data: { ...event },
      });
      changed.push(event);
    }
  });
  for (const e of changed) await deps.bus.publish(CHANNELS.accountMode, e);
  return changed;
}
