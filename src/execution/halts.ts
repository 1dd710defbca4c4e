import { and, eq, isNull } from 'drizzle-orm';
import type { HaltReason } from '#src/domain/risk';
import { type Bus, CHANNELS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';

const { tradingHalts, brokerAccounts } = tables;

/** Account halts and the global kill switch. A halted account trades paper (ACCOUNT_HALTED) until resumed. */
export interface Halts {
  /** Halts one account; a no-op when it is already halted. Returns true when this call halted it. */
  haltAccount(p: { accountId: string; reason: HaltReason; detail?: string; by?: string }): Promise<boolean>;
  /** Lifts an account's halt and restores the mode its trader chose, where the session allows it. */
  resumeAccount(p: { accountId: string; by: string }): Promise<boolean>;
  isAccountHalted(accountId: string): Promise<boolean>;
  /** Turns the kill switch on: no entries anywhere until it is released. */
  engageKillSwitch(p: { by: string; detail?: string }): Promise<void>;
  releaseKillSwitch(p: { by: string }): Promise<void>;
  /** Whether the kill switch is on (cached for a second: it is read on every entry command). */
  killSwitchEngaged(): Promise<boolean>;
  /** Active halts, newest first. */
  active(): Promise<(typeof tradingHalts.$inferSelect)[]>;
}

const CACHE_MS = 1_000;

export function createHalts(deps: { db: Db; bus: Bus; clock: Clock }): Halts {
  const { db, clock } = deps;
  let cache: { at: number; on: boolean } | undefined;
  let reading: Promise<boolean> | undefined;
  /** Bumped by engage/release, so a read that started before one cannot overwrite what it set. */
  let generation = 0;
  const activeFor = (accountId: string) =>
    db
      .select()
      .from(tradingHalts)
      .where(
        and(eq(tradingHalts.scope, 'ACCOUNT'), eq(tradingHalts.accountId, accountId), isNull(tradingHalts.resumedAt)),
      );
  const announce = (accountId: string, effectiveMode: string, reason: string | null) =>
    deps.bus.publish(CHANNELS.accountMode, { accountId, effectiveMode, reason, at: clock.now() });

  return {
    async haltAccount({ accountId, reason, detail, by }) {
      const inserted = await db.transaction(async (tx) => {
        // One active halt per account: lock the account row so two executors cannot both insert one.
        await tx.select().from(brokerAccounts).where(eq(brokerAccounts.id, accountId)).for('update');
        const existing = await tx
          .select({ id: tradingHalts.id })
          .from(tradingHalts)
          .where(and(eq(tradingHalts.accountId, accountId), isNull(tradingHalts.resumedAt)));
        if (existing.length > 0) return false;
        const at = clock.now();
        await tx.insert(tradingHalts).values({
          scope: 'ACCOUNT',
          accountId,
          reason,
          detail: detail ?? null,
          haltedBy: by ?? 'system',
          haltedAt: at,
        });
        await tx
          .update(brokerAccounts)
          .set({ effectiveMode: 'paper', modeReason: 'ACCOUNT_HALTED' })
          .where(eq(brokerAccounts.id, accountId));
        return true;
      });
      if (inserted) await announce(accountId, 'paper', 'ACCOUNT_HALTED');
      return inserted;
    },
    async resumeAccount({ accountId, by }) {
      const rows = await db
        .update(tradingHalts)
        .set({ resumedAt: clock.now(), resumedBy: by })
        .where(
          and(eq(tradingHalts.scope, 'ACCOUNT'), eq(tradingHalts.accountId, accountId), isNull(tradingHalts.resumedAt)),
        )
        .returning({ id: tradingHalts.id });
      if (rows.length === 0) return false;
      const [acc] = await db.select().from(brokerAccounts).where(eq(brokerAccounts.id, accountId));
      if (!acc) return false;
      const live = acc.mode === 'live' && acc.tokenState === 'CONNECTED';
      const reason = live ? null : acc.mode === 'live' ? 'NOT_CONNECTED' : 'USER_CHOICE';
      await db
        .update(brokerAccounts)
        .set({ effectiveMode: live ? 'live' : 'paper', modeReason: reason })
        .where(eq(brokerAccounts.id, accountId));
      await announce(accountId, live ? 'live' : 'paper', reason);
      return true;
    },
    isAccountHalted: async (accountId) => (await activeFor(accountId)).length > 0,
    async engageKillSwitch({ by, detail }) {
      if (await this.killSwitchEngaged()) return;
      await db.insert(tradingHalts).values({
        scope: 'GLOBAL',
        reason: 'KILL_SWITCH',
        detail: detail ?? null,
        haltedBy: by,
        haltedAt: clock.now(),
      });
      generation++;
      cache = { at: Date.now(), on: true };
    },
    async releaseKillSwitch({ by }) {
      await db
        .update(tradingHalts)
        .set({ resumedAt: clock.now(), resumedBy: by })
        .where(and(eq(tradingHalts.scope, 'GLOBAL'), isNull(tradingHalts.resumedAt)));
      generation++;
      cache = { at: Date.now(), on: false };
    },
    killSwitchEngaged() {
      if (cache && Date.now() - cache.at < CACHE_MS) return Promise.resolve(cache.on);
      // A wave's handlers all ask at once when the cache is stale: one query answers them all.
      const started = generation;
      reading ??= db
        .select({ id: tradingHalts.id })
        .from(tradingHalts)
        .where(and(eq(tradingHalts.scope, 'GLOBAL'), isNull(tradingHalts.resumedAt)))
        .then((rows) => {
          if (started !== generation && cache) return cache.on;
          cache = { at: Date.now(), on: rows.length > 0 };
          return cache.on;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    },
    active: () => db.select().from(tradingHalts).where(isNull(tradingHalts.resumedAt)),
  };
}
