import { and, eq, lte } from 'drizzle-orm';
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
