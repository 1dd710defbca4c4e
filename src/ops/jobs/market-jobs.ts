import { appendAudit } from '#src/accounts';
import type { BrokerDefinition } from '#src/brokers/contract';
import { addDays, istDate, istMinutes, type TradingCalendar } from '#src/domain/calendar';
import type { ContractSpecs } from '#src/domain/instrument';
import {
  brokerMasterSources,
  type InstrumentMasterSource,
  type MarketService,
  readSyncStatus,
  startMarketService,
} from '#src/market';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import { every, type Job } from './account-jobs';

/** Before the 09:00 MCX and 09:15 NSE opens, so every session starts on today's contracts. */
const MASTER_SYNC_AFTER_MIN = 8 * 60 + 30;
/** A refused or failed broker master is tried again after this many market minutes, until it succeeds that day. */
const BROKER_MASTER_RETRY_MIN = 15;
/** Warn this many days before the holiday data runs out (exchanges publish next year's list in December). */
const COVERAGE_WARNING_DAYS = 30;

/**
 * Market reference jobs: the daily instrument-master sync (once per IST day after 08:30; the market service also
 * syncs at start when today's sync has not run, so a missed run is caught up), the daily broker master sync (each
 * broker with an instrument master, into its symbol table, from `brokerMasterSyncAtIst`; caught up the same day
 * after a late start; a refused download keeps the last good table, is audited and tried again later) and a
 * warning when the holiday data is about to run out. Checked every wall minute against the market clock, so an
 * accelerated day works too.
 */
export async function startMarketJobs(deps: {
  db: Db;
  bus: Bus;
  clock: Clock;
  log: Logger;
  specs: ContractSpecs;
  calendar: TradingCalendar;
  checkEveryMs?: number;
  /** Brokers whose masters fill their symbol tables (those without `fetchInstruments` are skipped). */
  brokers?: readonly BrokerDefinition[];
  /** IST wall time HH:MM of the broker master sync; undefined: no broker sync. */
  brokerMasterSyncAtIst?: string | undefined;
}): Promise<Job> {
  const market: MarketService = await startMarketService({ ...deps, syncSimMasterOnStart: true });
  let syncedDay = istDate(deps.clock.now());
  let warnedDay: string | undefined;
  const brokerSync = syncBrokerMastersDaily({
    ...deps,
    market,
    sources: brokerMasterSources(deps.brokers ?? []),
    atIst: deps.brokerMasterSyncAtIst,
  });
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
    await brokerSync(now);
  });
  return {
    async stop() {
      await job.stop();
      await market.stop();
    },
  };
}

/** "HH:MM" → minutes after IST midnight. */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The daily broker master sync, one step per call: each source not yet synced today (IST) is synced once the
 * clock is past `atIst`, through the validated swap; every outcome goes to the audit log (admins read it there
 * and in the per-segment sync status) and a failure is retried after BROKER_MASTER_RETRY_MIN market minutes.
 */
function syncBrokerMastersDaily(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  market: MarketService;
  sources: readonly InstrumentMasterSource[];
  atIst: string | undefined;
}): (now: number) => Promise<void> {
  const { atIst } = deps;
  if (!atIst || deps.sources.length === 0) return async () => {};
  const syncedDay = new Map<string, string>();
  const lastTryAt = new Map<string, number>();
  return async (now) => {
    const today = istDate(now);
    if (istMinutes(now) < minutesOf(atIst)) return;
    const status = await readSyncStatus(deps.db);
    for (const source of deps.sources) {
      if (syncedDay.get(source.name) === today) continue;
      // A sync that already succeeded today (another scheduler, or before a restart) is not repeated.
      const mine = status.filter((s) => s.source === source.name);
      const doneToday =
        mine.length > 0 && mine.every((s) => s.lastSuccessAt !== null && istDate(s.lastSuccessAt) === today);
      if (doneToday) {
        syncedDay.set(source.name, today);
        continue;
      }
      const tried = lastTryAt.get(source.name);
      if (tried !== undefined && now - tried < BROKER_MASTER_RETRY_MIN * 60_000) continue;
      lastTryAt.set(source.name, now);
      const result = await deps.market.syncMaster(source).catch((err: unknown) => ({
        ok: false as const,
        source: source.name,
        errors: [err instanceof Error ? err.message : String(err)],
      }));
      if (result.ok) syncedDay.set(source.name, today);
      const data = result.ok
        ? { ok: true, rows: result.rows, segments: result.segments, ignored: result.ignored }
        : { ok: false, errors: result.errors.slice(0, 10), kept: 'the last good symbol table' };
      deps.log[result.ok ? 'info' : 'warn']({ broker: source.name, ...data }, 'daily broker instrument master sync');
      await appendAudit(deps.db, {
        at: Date.now(),
        actorId: null,
        action: 'instruments.broker_master_sync',
        subject: source.name,
        data,
      });
    }
  };
}
