import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Bus } from '#src/platform/bus';
import { type Db, tables } from '#src/platform/db';
import { type AccountModeEvent, syncAccountModes } from './mode-sync';

const { brokerAccounts } = tables;

/**
 * Moves accounts whose broker session has expired to EXPIRED (effective paper, TOKEN_EXPIRED) and publishes the
 * change. Idempotent; `now` is the platform clock, the one the session expiry was computed on.
 */
export function sweepExpiredTokens(deps: { db: Db; bus: Bus }, now: number): Promise<AccountModeEvent[]> {
  return syncAccountModes(deps, {
    where: and(eq(brokerAccounts.tokenState, 'CONNECTED'), lte(brokerAccounts.tokenExpiresAt, now)),
    now,
  });
}

/**
 * The broker refused an account's token before its stated expiry (a session error on a live call): the session
 * counts as expired now. Brings the stored expiry forward, then recomputes the mode as the sweep does (EXPIRED,
 * effective paper, TOKEN_EXPIRED). Only that account moves; a crash between the two steps is repaired by the sweep.
 */
export async function expireBrokerSession(
  deps: { db: Db; bus: Bus },
  p: { accountId: string; now: number },
): Promise<AccountModeEvent[]> {
  await deps.db
    .update(brokerAccounts)
    .set({ tokenExpiresAt: p.now })
    .where(
      and(
        eq(brokerAccounts.id, p.accountId),
        eq(brokerAccounts.tokenState, 'CONNECTED'),
        or(isNull(brokerAccounts.tokenExpiresAt), gt(brokerAccounts.tokenExpiresAt, p.now)),
      ),
    );
  return syncAccountModes(deps, { where: eq(brokerAccounts.id, p.accountId), now: p.now });
}
