import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { FyersSim } from '#sim/brokers/fyers';
import { parseTickCsv } from '#sim/exchange';
import type { BrokerCredentials } from '#src/brokers/contract';
import { type BrokerRegistry, brokersFromConfig } from '#src/brokers/registry';
import { istDate, istInstant, type TradingCalendar } from '#src/domain/calendar';
import type { FeedSource, MarketReference } from '#src/market';
import { createAccountFeedSource, loadMarketReference, startMarketCalendar } from '#src/market';
import { type Bus, createMemoryBus, createRedisBus } from './bus';
import { type Clock, createRealClock, createScaledClock } from './clock';
import type { Config } from './config';
import { createEnvelopeCrypto, parseMasterKeys } from './crypto';
import { openStore, type Store } from './db';
import { startFyersSim } from './fyers-demo-sim';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { createReplayFeedSource, createSimFeedSource } from './sim-feed-sources';

/** The ports every role runs on, built once per process from Config. */
export interface Platform {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: Store;
  readonly bus: Bus;
  readonly metrics: Metrics;
  readonly market: MarketReference;
  /** This process's instance name (host:pid), for consumer names and heartbeats. */
  readonly instance: string;
  /**
   * The market-data source for the feed role, as FEED_SOURCE chose (`choice` overrides it): the simulated
   * exchange (the embedded platform and the demo), a recorded tick file, or a broker's data socket on one account.
   */
  createFeedSource(choice?: Config['feed']['source']): FeedSource;
  /** Every broker, configured; in the embedded demo Fyers points at `fyersSim`. */
  readonly brokers: BrokerRegistry;
  /** Embedded demo only: the local Fyers simulator, priced by the simulated exchange, and its demo app. */
  readonly fyersSim: { readonly sim: FyersSim; readonly credentials: BrokerCredentials } | undefined;
  close(): Promise<void>;
}

export interface PlatformOverrides {
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly bus?: Bus;
}

/** The demo's day: 09:14 IST of today if NFO trades today, else of the last trading day. */
export function defaultSimStart(market: MarketReference, wallNow: number): number {
  const today = istDate(wallNow);
  const day = market.calendar.isTradingDay('NFO', today) ? today : market.calendar.prevTradingDay('NFO', today);
  return istInstant(day, '09:14');
}

function createClock(config: Config, market: MarketReference): Clock {
  if (config.clock.kind === 'real') return createRealClock();
  const anchor = config.clock.anchor ?? Date.now();
  const origin = config.clock.start ? Date.parse(config.clock.start) : defaultSimStart(market, anchor);
  if (Number.isNaN(origin)) throw new Error(`CLOCK_START is not a valid ISO instant: ${config.clock.start}`);
  return createScaledClock({ origin, anchor, speed: config.clock.speed });
}

/**
 * A TradingCalendar that always answers from the calendar service's current calendar, so an admin's holiday edit
 * (stored, then announced on the bus) reaches every module of every process without re-wiring them.
 */
function liveCalendar(current: () => TradingCalendar): TradingCalendar {
  return new Proxy({} as TradingCalendar, {
    get: (_target, method: keyof TradingCalendar) => {
      const fn = current()[method] as unknown;
      return typeof fn === 'function'
        ? (...args: unknown[]) => (fn as (...a: unknown[]) => unknown).apply(current(), args)
        : fn;
    },
  });
}

export async function createPlatform(config: Config, overrides: PlatformOverrides = {}): Promise<Platform> {
  const seedMarket = loadMarketReference();
  const log = overrides.log ?? createLogger({ level: config.log.level });
  const clock = overrides.clock ?? createClock(config, seedMarket);
  const store = await openStore(config.store);
  const bus =
    overrides.bus ??
    (config.bus.kind === 'redis'
      ? createRedisBus({ url: config.bus.url, namespace: config.bus.namespace || undefined })
      : createMemoryBus());
  const instance = `${hostname()}:${process.pid}`;
  const calendarService = await startMarketCalendar({ db: store.db, bus, clock, log, seed: undefined });
  const market: MarketReference = { specs: seedMarket.specs, calendar: liveCalendar(() => calendarService.calendar()) };
  const fyersSim = config.brokers.fyers.simulate ? await startFyersSim({ config, clock, bus, market }) : undefined;
  const brokers = brokersFromConfig(config, { log, ...(fyersSim ? { fyersHosts: fyersSim.sim.hosts } : {}) });
  const createFeedSource = (choice = config.feed.source): FeedSource => {
    if (choice.kind === 'replay') {
      const ticks = parseTickCsv(readFileSync(choice.file, 'utf8'));
      return createReplayFeedSource({ clock, ticks, retime: true });
    }
    if (choice.kind !== 'broker') return createSimFeedSource({ config, clock, market });
    const m = config.accounts.masterKey;
    const crypto = createEnvelopeCrypto(
      parseMasterKeys({ id: m.id, key: m.key.reveal(), retired: m.retired.reveal() }),
    );
    const feedLog = log.child({ role: 'feed' });
    const { accountId } = choice;
    return createAccountFeedSource({ db: store.db, crypto, brokers, accountId, clock, bus, log: feedLog });
  };
  return {
    config,
    clock,
    log,
    store,
    bus,
    market,
    instance,
    metrics: createMetrics(),
    createFeedSource,
    brokers,
    fyersSim: fyersSim && { sim: fyersSim.sim, credentials: fyersSim.credentials },
    async close() {
      await fyersSim?.stop();
      await calendarService.stop();
      await bus.close();
      await store.close();
    },
  };
}
