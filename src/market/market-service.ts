import { type HolidayData, istDate } from '#src/domain/calendar';
import { type ContractSpecs, createInstrumentCatalog, type InstrumentCatalog } from '#src/domain/instrument';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import { type MarketCalendarService, startMarketCalendar } from './holidays/calendar-service';
import { readCatalogRows } from './instrument-sync/catalog-queries';
import type { InstrumentMasterSource } from './instrument-sync/master-source';
import { readSyncStatus } from './instrument-sync/master-store';
import { simMasterSource } from './instrument-sync/sim-master-source';
import { type MasterSyncResult, syncInstrumentMaster } from './instrument-sync/sync-master';

/**
 * The market's live reference data in one process: the trading calendar and the instrument catalog, both built
 * from the store and rebuilt whenever any process changes them (CHANNELS.marketReference).
 */
export interface MarketService {
  readonly calendar: MarketCalendarService;
  /** The current instrument catalog (derivatives of the last good master). */
  catalog(): InstrumentCatalog;
  /** Runs one master sync; on success every process rebuilds its catalog. */
  syncMaster(source: InstrumentMasterSource): Promise<MasterSyncResult>;
  /** The simulated exchange's master for the clock's date (the catalog source of the embedded platform). */
  simSource(): InstrumentMasterSource;
  stop(): Promise<void>;
}

/** What the market service needs; `holidaySeed` defaults to data/holidays.json. */
export interface MarketServiceDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly specs: ContractSpecs;
  readonly holidaySeed?: HolidayData | undefined;
  /** Sync the simulated exchange's master at start unless it already succeeded today (IST). Default true. */
  readonly syncSimMasterOnStart?: boolean | undefined;
  /** Spots (paise) the simulated master lists its chains around. */
  readonly simSpotsPaise?: Readonly<Record<string, number>> | undefined;
}

/** Seeds and loads the calendar, loads the catalog (syncing the sim master first when due) and follows changes. */
export async function startMarketService(deps: MarketServiceDeps): Promise<MarketService> {
  const { db, bus, clock, log } = deps;
  const calendar = await startMarketCalendar({ db, bus, clock, log, seed: deps.holidaySeed });
  let current = createInstrumentCatalog([]);
  let queue: Promise<void> = Promise.resolve();
  const rebuild = async () => {
    current = createInstrumentCatalog(await readCatalogRows(db));
  };
  const reloadCatalog = () => {
    queue = queue.then(rebuild, rebuild);
    return queue;
  };
  const simSource = () =>
    simMasterSource({ calendar: calendar.calendar(), specs: deps.specs, clock, spotsPaise: deps.simSpotsPaise });
  const syncMaster = async (source: InstrumentMasterSource) => {
    const result = await syncInstrumentMaster({ db, clock, log }, source);
    if (result.ok) {
      await reloadCatalog();
      await bus.publish(CHANNELS.marketReference, { kind: 'instruments' });
    }
    return result;
  };
  const sub: Subscription = await bus.subscribe(CHANNELS.marketReference, (message) => {
    if (message && typeof message === 'object' && !Array.isArray(message) && message.kind === 'instruments') {
      reloadCatalog().catch((err) => log.error({ err }, 'catalog reload failed'));
    }
  });
  if ((deps.syncSimMasterOnStart ?? true) && !(await syncedToday(db, clock, 'sim-exchange'))) {
    // Startup goes on with the last good copy: a master that cannot be built today is an alert, not an outage.
    await Promise.resolve()
      .then(() => syncMaster(simSource()))
      .catch((err) => log.error({ err }, 'instrument master sync at start failed; serving the last good copy'));
  }
  await reloadCatalog();
  return {
    calendar,
    catalog: () => current,
    syncMaster,
    simSource,
    async stop() {
      await sub.unsubscribe();
      await calendar.stop();
    },
  };
}

async function syncedToday(db: Db, clock: Clock, source: string): Promise<boolean> {
  const today = istDate(clock.now());
  const status = (await readSyncStatus(db)).filter((s) => s.source === source);
  return status.length > 0 && status.every((s) => s.lastSuccessAt !== null && istDate(s.lastSuccessAt) === today);
}
