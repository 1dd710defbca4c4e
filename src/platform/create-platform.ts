import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  createFyersSim,
  type FyersSim,
  type PriceSource,
  type SimInstrument,
  type SimQuote,
  simFuture,
  simIndex,
  simOption,
} from '#sim/brokers/fyers';
import {
  buildSimUniverse,
  createReplaySource,
  createSimExchange,
  parseTickCsv,
  type SimUniverseProfile,
} from '#sim/exchange';
import type { BrokerCredentials } from '#src/brokers/contract';
import { type BrokerRegistry, brokersFromConfig } from '#src/brokers/registry';
import { istDate, istInstant, type TradingCalendar } from '#src/domain/calendar';
import { type InstrumentId, parseInstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { FeedSource, MarketReference } from '#src/market';
import {
  createAccountFeedSource,
  createLtpCache,
  loadMarketReference,
  simMasterRows,
  startMarketCalendar,
} from '#src/market';
import { type Bus, createMemoryBus, createRedisBus } from './bus';
import { type Clock, createRealClock, createScaledClock } from './clock';
import type { Config } from './config';
import { createEnvelopeCrypto, parseMasterKeys } from './crypto';
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

/** The embedded Fyers simulator's one app; demo values, meaningless anywhere else. */
const FYERS_DEMO_APP = { appId: 'MYNDEMO001-100', appSecret: 'myn-demo-fyers-secret', fyId: 'XD0001' } as const;
const FYERS_INDEX_NAMES: Readonly<Record<string, { name: string; hsmName: string }>> = {
  NIFTY: { name: 'NIFTY50', hsmName: 'Nifty 50' },
  BANKNIFTY: { name: 'NIFTYBANK', hsmName: 'Nifty Bank' },
  SENSEX: { name: 'SENSEX', hsmName: 'SENSEX' },
};

/**
 * Starts the Fyers simulator for the embedded demo: it lists the simulated exchange's contracts (the catalog's
 * sim master) and fills at the exchange's prices, read from the LTP cache the feed writes. The demo app's
 * redirect is this platform's OAuth callback.
 */
async function startFyersSim(deps: { config: Config; clock: Clock; bus: Bus; market: MarketReference }) {
  const { config, clock } = deps;
  const publicUrl = config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
  const credentials = { ...FYERS_DEMO_APP, redirectUri: `${publicUrl}/api/v1/broker-accounts/oauth/callback` };
  const instruments = fyersSimInstruments(deps.market, istDate(clock.now()));
  const book = ltpPriceBook(deps.bus, new Set(instruments.map((i) => i.instrumentId)));
  const sim = await createFyersSim({ prices: book.prices, instruments, apps: [credentials], now: () => clock.now() });
  const { fyId: _fyId, ...appCredentials } = credentials;
  return {
    sim,
    credentials: appCredentials,
    async stop() {
      book.stop();
      await sim.close();
    },
  };
}

/** The sim master's contracts in the Fyers simulator's listing shape (exchange tokens numbered in order). */
function fyersSimInstruments(market: MarketReference, date: string): SimInstrument[] {
  const rows = simMasterRows({ calendar: market.calendar, specs: market.specs }, date);
  const ids = rows.map((r) => parseInstrumentId(r.instrumentId));
  // A monthly option is the last expiry of its month: Fyers writes those with the monthly symbol form.
  const lastOfMonth = new Map<string, string>();
  for (const i of ids)
    if (i.kind === 'OPT') {
      const key = `${i.symbol}:${i.expiry.slice(0, 7)}`;
      if ((lastOfMonth.get(key) ?? '') < i.expiry) lastOfMonth.set(key, i.expiry);
    }
  return ids.flatMap((i, n): SimInstrument[] => {
    const exToken = String(40_000 + n);
    const lotSize = rows[n]?.lotSize ?? 1;
    if (i.kind === 'OPT' && (i.segment === 'NFO' || i.segment === 'BFO')) {
      const weekly = lastOfMonth.get(`${i.symbol}:${i.expiry.slice(0, 7)}`) !== i.expiry;
      const exchange = i.segment === 'NFO' ? 'NSE' : 'BSE';
      return [simOption({ ...i, exchange, underlying: i.symbol, exToken, lotSize, weekly })];
    }
    if (i.kind === 'FUT' && (i.segment === 'NFO' || i.segment === 'MCX')) {
      const exchange = i.segment === 'NFO' ? 'NSE' : 'MCX';
      return [simFuture({ exchange, underlying: i.symbol, expiry: i.expiry, exToken, lotSize })];
    }
    const index = FYERS_INDEX_NAMES[i.symbol];
    if (i.kind === 'INDEX' && index && (i.segment === 'NSE_INDEX' || i.segment === 'BSE_INDEX')) {
      const exchange = i.segment === 'NSE_INDEX' ? 'NSE' : 'BSE';
      return [simIndex({ exchange, underlying: i.symbol, exToken, ...index })];
    }
    return [];
  });
}

/**
 * A synchronous price source over the asynchronous LTP cache: it answers from a local copy, refreshed every
 * 200 ms for the instruments the simulator has asked about (a first ask answers nothing until the refresh).
 */
function ltpPriceBook(bus: Bus, listed: ReadonlySet<string>): { prices: PriceSource; stop(): void } {
  const ltp = createLtpCache(bus);
  const book = new Map<string, SimQuote>();
  const wanted = new Set<InstrumentId>();
  let busy = false;
  const refresh = () => {
    if (busy || wanted.size === 0) return;
    busy = true;
    ltp
      .readMany([...wanted])
      .then((ticks) => {
        for (const t of ticks.values())
          book.set(t.id, { ltpPaise: t.ltp, bidPaise: t.bid, askPaise: t.ask, volume: t.volume });
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(refresh, 200);
  timer.unref();
  return {
    prices(id) {
      if (listed.has(id) && !wanted.has(id as InstrumentId)) {
        wanted.add(id as InstrumentId);
        refresh();
      }
      return book.get(id);
    },
    stop: () => clearInterval(timer),
  };
}
