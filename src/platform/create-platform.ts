import { hostname } from 'node:os';
import { buildSimUniverse, createReplaySource, createSimExchange, type SimUniverseProfile } from '#sim/exchange';
import { istDate, istInstant, type TradingCalendar } from '#src/domain/calendar';
import type { Tick } from '#src/domain/market/tick';
import type { FeedSource, MarketReference } from '#src/market';
import { loadMarketReference, startMarketCalendar } from '#src/market';
import { type Bus, createMemoryBus, createRedisBus } from './bus';
import { type Clock, createRealClock, createScaledClock } from './clock';
import type { Config } from './config';
import { openStore, type Store } from './db';
import { createLogger, type Logger } from './log';
import { createMetrics, type Metrics } from './metrics';

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
  /** The market-data source for the feed role (the simulated exchange in the embedded platform and the demo). */
  createFeedSource(): FeedSource;
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
  return {
    config,
    clock,
    log,
    store,
    bus,
    market,
    instance,
    metrics: createMetrics(),
    createFeedSource: () => createSimFeedSource({ config, clock, market }),
    async close() {
      await calendarService.stop();
      await bus.close();
      await store.close();
    },
  };
}

/**
 * The simulated market as a feed source: the NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY and SENSEX chains (nearest
 * expiry) and the MCX CRUDEOIL, NATURALGAS, GOLDM and SILVERM near-month futures; seeded, each segment ticking only
 * while its calendar session is open. `profile` 'full' quotes ±100 strikes per chain (≈ 2,000 instruments).
 */
export function createSimFeedSource(deps: {
  config: Config;
  clock: Clock;
  market: MarketReference;
  profile?: SimUniverseProfile;
}): FeedSource {
  const { calendar, specs } = deps.market;
  let exchange: ReturnType<typeof createSimExchange> | undefined;
  return {
    name: 'sim',
    async start(onTicks) {
      const all = buildSimUniverse({ calendar, specs, profile: deps.profile ?? deps.config.sim.profile });
      const only = deps.config.sim.underlyings;
      const keep = (symbol: string) => only === undefined || only.includes(symbol);
      const universe = {
        underlyings: all.underlyings.filter((u) => keep(u.symbol)),
        futures: all.futures.filter((f) => keep(f.symbol)),
      };
      exchange = createSimExchange({
        clock: deps.clock,
        seed: deps.config.sim.seed,
        tickIntervalMs: deps.config.sim.tickIntervalMs,
        isOpen: (t, segment) => calendar.isOpen(segment, t),
        underlyings: universe.underlyings,
        futures: universe.futures,
        onTicks,
      });
      exchange.start();
    },
    async stop() {
      exchange?.stop();
    },
  };
}

/**
 * A recorded tick (or candle-close) file played back as a feed source, at `speed` recorded ms per clock ms;
 * `retime` stamps ticks with the clock's time so a recording can drive a live-looking demo.
 */
export function createReplayFeedSource(deps: {
  clock: Clock;
  ticks: readonly Tick[];
  speed?: number;
  retime?: boolean;
}): FeedSource {
  let replay: ReturnType<typeof createReplaySource> | undefined;
  return {
    name: 'replay',
    async start(onTicks) {
      replay = createReplaySource({ ...deps, onTicks });
      replay.start();
    },
    async stop() {
      replay?.stop();
    },
  };
}
