import { and, eq, sql } from 'drizzle-orm';
import { istDate } from '#src/domain/calendar';
import { type AccountLimits, checkAccountLimits } from '#src/domain/risk';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Halts } from './halts';
import { EXEC_KEYS } from './keys';

const STREAK_TTL_MS = 24 * 3_600_000;

/** Per-account safeguards fed by order outcomes; a breach halts that account only. */
export interface AccountRisk {
  onAccepted(accountId: string): Promise<void>;
  /** A definite rejection of a live order. */
  onRejected(accountId: string): Promise<void>;
  /** A trade of the account closed: re-checks the day's realised loss. */
  onTradeClosed(accountId: string): Promise<void>;
}

export function createAccountRisk(deps: {
  db: Db;
  bus: Bus;
  clock: Clock;
  log: Logger;
  halts: Halts;
  limits: AccountLimits;
}): AccountRisk {
  const dayPnl = async (accountId: string) => {
    const [row] = await deps.db
      .select({ pnl: sql<string | null>`sum(${tables.trades.pnlPaise})` })
      .from(tables.trades)
      .where(and(eq(tables.trades.accountId, accountId), eq(tables.trades.tradingDay, istDate(deps.clock.now()))));
    return Number(row?.pnl ?? 0);
  };
  const check = async (accountId: string, state: { consecutiveErrors: number; dayPnlPaise: number }) => {
    const verdict = checkAccountLimits(state, deps.limits);
    if (verdict.ok) return;
    const halted = await deps.halts.haltAccount({ accountId, reason: verdict.reason, detail: JSON.stringify(state) });
    if (halted) deps.log.warn({ accountId, reason: verdict.reason, ...state }, 'account halted by a risk limit');
  };
  return {
    async onAccepted(accountId) {
      await deps.bus.set(EXEC_KEYS.errorStreak(accountId), '0', STREAK_TTL_MS);
    },
    async onRejected(accountId) {
      const streak = await deps.bus.incr(EXEC_KEYS.errorStreak(accountId), 1, STREAK_TTL_MS);
      await check(accountId, { consecutiveErrors: streak, dayPnlPaise: 0 });
    },
    async onTradeClosed(accountId) {
      await check(accountId, { consecutiveErrors: 0, dayPnlPaise: await dayPnl(accountId) });
    },
  };
}
