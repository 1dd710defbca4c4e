import { addDays, istDate, istMinutes, type TradingCalendar } from '#src/domain/calendar';
import type { ContractSpecs } from '#src/domain/instrument';
import { type MarketService, startMarketService } from '#src/market';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import { every, type Job } from './account-jobs';

/** Before the 09:00 MCX and 09:15 NSE opens, so every session starts on today's contracts. */
const MASTER_SYNC_AFTER_MIN = 8 * 60 + 30;
/** Warn this many days before the holiday data runs out (exchanges publish next year's list in December). */
const COVERAGE_WARNING_DAYS = 30;

/**
 * Market reference jobs: the daily instrument-master sync (once per IST day after 08:30; the market service also
 * syncs at start when today's sync has not run, so a missed run is caught up) and a warning when the holiday data
 * is about to run out. Checked every wall minute against the market clock, so an accelerated day works too.
 */
export async function startMarketJobs(deps: {
  db: Db;
  bus: Bus;
  clock: Clock;
  log: Logger;
  specs: ContractSpecs;
  calendar: TradingCalendar;
  checkEveryMs?: number;
}): Promise<Job> {
  const market: MarketService = await startMarketService({ ...deps, syncSimMasterOnStart: true });
  let syncedDay = istDate(deps.clock.now());
  let warnedDay: string | undefined;
  const job = every('market-reference', deps.checkEveryMs ?? 60_000, deps.log, async () => {
    const now = deps.clock.now();
    const today = istDate(now);
    if (today !== syncedDay && istMinutes(now) >= MASTER_SYNC_AFTER_MIN) {
      const result = await market.syncMaster(market.simSource());
      syncedDay = today;
      deps.log.info({ result }, 'daily instrument master sync');
    }
    if (warnedDay !== today && !deps.calendar.covers(addDays(today, COVERAGE_WARNING_DAYS))) {
      warnedDay = today;
      deps.log.warn(
        { today },
        `holiday data ends within ${COVERAGE_WARNING_DAYS} days: add the exchanges' next-year lists`,
      );
    }
  });
  return {
    async stop() {
      await job.stop();
      await market.stop();
    },
  };
}
