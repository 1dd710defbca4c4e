import type { TradingCalendar } from '#src/domain/calendar';
import type { InstrumentId, Segment } from '#src/domain/instrument/instrument-id';
import type { Candle, Tick } from '#src/domain/market/tick';
import { type Bus, CHANNELS, type Json } from '#src/platform/bus';
import type { Clock, TimerHandle } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import { CANDLE_TIMEFRAMES, createCandleSet } from '../candles/candle-set';
import type { CandleStore } from '../candles/candle-store';
import { createLiveCandles } from '../candles/live-candles';
import type { LtpCache } from '../ltp-cache';
import { createStalenessMonitor } from '../staleness/staleness';
import { createDemandRegistry, type DemandRegistry, demandMessageSchema } from './demand';
import { FEED_HEALTH_STALE_LIST_MAX, type FeedHealth } from './feed-health';
import type { FeedSource } from './feed-source';
import { normaliseTicks } from './normalise';
import { createStallWatchdog } from './stall-watchdog';

/**
 * The feed role's pipeline: source → normalise → candles (every tick) → one command that writes the LTP cache and
 * publishes the batch (pipelined: up to two writes in flight, later batches coalesced to the latest tick per
 * instrument meanwhile), plus the stall watchdog, per-instrument staleness, ref-counted subscriptions and a live
 * health report.
 */
export interface Feed {
  stop(): Promise<void>;
  health(): FeedHealth;
  isStale(id: InstrumentId): boolean;
  lastTickAgeMs(id: InstrumentId): number | undefined;
  readonly demand: DemandRegistry;
  /** Resolves once every batch received so far is cached and published (tests and benchmarks). */
  drain(): Promise<void>;
}

export interface FeedDeps {
  readonly source: FeedSource;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly ltpCache: LtpCache;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly calendar: TradingCalendar;
  /** This process's name, in the health report. */
  readonly instance: string;
  /** Where closed candles are stored; without it they are only published. */
  readonly candleStore?: CandleStore;
  /** Instruments whose candles are built; default all. */
  readonly candleInstruments?: (id: InstrumentId) => boolean;
  readonly staleAfterMs?: Partial<Record<Segment, number>>;
  /** No batch for this long while a session is open is a stall; default 10 s. */
  readonly stallMs?: number;
  /** Instruments always subscribed (the indices strategies trade on). */
  readonly baseInstruments?: readonly InstrumentId[];
  readonly demandLeaseMs?: number;
  /**
   * Batch writes (cache + publish) allowed in flight at once; while that many are, arriving ticks coalesce to
   * the latest per instrument. Writes go out in order on one connection, so more than one in flight keeps order
   * and saves a batch from waiting a whole round trip behind the previous one. Default 2.
   */
  readonly maxWritesInFlight?: number;
}

const ALL_SEGMENTS: readonly Segment[] = ['NFO', 'BFO', 'MCX', 'NSE_INDEX', 'BSE_INDEX'];
const HOUSEKEEPING_MS = 1_000;
/** Out-of-order ticks up to this late still land in their candle. */
const CANDLE_GRACE_MS = 2_000;

export async function createFeed(deps: FeedDeps): Promise<Feed> {
  const { bus, clock, log, source } = deps;
  const candles = createCandleSet({ graceMs: CANDLE_GRACE_MS });
  const monitor = createStalenessMonitor({ clock, calendar: deps.calendar, staleAfterMs: deps.staleAfterMs });
  const wantsCandles = deps.candleInstruments ?? (() => true);
  const segments = source.segments ?? ALL_SEGMENTS;
  const stats = { total: 0, dropped: 0, windowStart: clock.now(), windowTicks: 0, ticksPerSec: 0 };
  const pendingTicks = new Map<InstrumentId, Tick>();
  let pendingCandles: Candle[] = [];
  const maxInFlight = Math.max(1, deps.maxWritesInFlight ?? 2);
  const inFlight = new Set<Promise<void>>();
  let storeChain = Promise.resolve();
  const liveCandles = createLiveCandles(bus);
  /** Instruments whose in-progress bars changed since they were last shared. */
  const liveDirty = new Set<InstrumentId>();

  const write = async (ticks: Tick[], closed: Candle[]) => {
    await Promise.all([
      ticks.length > 0 ? deps.ltpCache.publish(ticks) : undefined,
      closed.length > 0
        ? bus.publishBatch(
            closed.map((c) => ({ channel: CHANNELS.candle(c.timeframeMin, c.id), message: c as unknown as Json })),
          )
        : undefined,
    ]);
    deps.metrics.ticksIngested.inc(ticks.length);
    if (closed.length > 0 && deps.candleStore) {
      const store = deps.candleStore;
      storeChain = storeChain
        .then(() => store.saveCandles(closed))
        .catch((err: unknown) => log.error({ err }, 'saving candles failed'));
    }
  };

  const pump = (): void => {
    if (inFlight.size >= maxInFlight || (pendingTicks.size === 0 && pendingCandles.length === 0)) return;
    const ticks = [...pendingTicks.values()];
    const closed = pendingCandles;
    pendingTicks.clear();
    pendingCandles = [];
    const p: Promise<void> = write(ticks, closed)
      .catch((err: unknown) => log.error({ err }, 'feed batch failed'))
      .finally(() => {
        inFlight.delete(p);
        pump();
      });
    inFlight.add(p);
  };

  const watchdog = createStallWatchdog({
    clock,
    stallMs: deps.stallMs ?? 10_000,
    isExpected: (now) => segments.some((s) => deps.calendar.isOpen(s, now)),
    onStall: (isFirst) => {
      if (isFirst) log.warn({ source: source.name }, 'feed stalled: no ticks while the market is open');
      source.restart?.().catch((err: unknown) => log.error({ err }, 'feed restart failed'));
    },
    onRecover: () => log.info({ source: source.name }, 'feed recovered'),
  });

  const onTicks = (raw: Tick[]): void => {
    const now = clock.now();
    const { ticks, dropped } = normaliseTicks(raw);
    stats.dropped += dropped;
    stats.total += ticks.length;
    stats.windowTicks += ticks.length;
    watchdog.beat();
    monitor.onTicks(ticks, now);
    const candleTicks = deps.candleInstruments ? ticks.filter((t) => wantsCandles(t.id)) : ticks;
    for (const c of candles.onTicks(candleTicks)) pendingCandles.push(c);
    for (const t of candleTicks) liveDirty.add(t.id);
    for (const t of ticks) {
      const prev = pendingTicks.get(t.id);
      if (!prev || prev.ts <= t.ts) pendingTicks.set(t.id, t);
    }
    pump();
  };

  const demand = createDemandRegistry({
    base: deps.baseInstruments ?? [],
    leaseMs: deps.demandLeaseMs ?? 30_000,
    onChange: (added, removed) => {
      if (added.length > 0) source.subscribe?.(added);
      if (removed.length > 0) source.unsubscribe?.(removed);
    },
  });
  const demandSub = await bus.subscribe(CHANNELS.demand, (m) => {
    const msg = demandMessageSchema.safeParse(m);
    if (msg.success) demand.declare(msg.data.owner, msg.data.ids as InstrumentId[], clock.now());
    else log.warn({ issues: msg.error.issues.length }, 'ignored a malformed demand message');
  });

  const health = (): FeedHealth => {
    const now = clock.now();
    const staleIds = monitor.staleIds();
    const isOpen = segments.some((s) => deps.calendar.isOpen(s, now));
    return {
      source: source.name,
      instance: deps.instance,
      state: !isOpen ? 'CLOSED' : watchdog.isStalled ? 'STALLED' : 'LIVE',
      now,
      sinceLastBatchMs: watchdog.sinceLastBatchMs(),
      ticksPerSec: stats.ticksPerSec,
      ticksTotal: stats.total,
      droppedTicks: stats.dropped,
      lateTicks: candles.lateTicks(),
      stalls: watchdog.stalls,
      instruments: monitor.trackedCount(),
      subscribed: demand.subscribed().length,
      staleCount: staleIds.length,
      stale: staleIds
        .slice(0, FEED_HEALTH_STALE_LIST_MAX)
        .map((id) => ({ id, ageMs: monitor.lastTickAgeMs(id) ?? null })),
      ...(source.status ? { connection: source.status() } : {}),
    };
  };

  // Health is for people: on every change of state or stale count, else at most twice a second of wall time, so
  // an accelerated clock (500x in the split e2e run) does not turn it into hundreds of publishes a second.
  let lastHealth = { at: Number.NEGATIVE_INFINITY, key: '' };
  const publishHealth = (): void => {
    const h = health();
    const key = `${h.state}:${h.staleCount}:${h.connection?.state}:${h.connection?.reason}`;
    const wallNow = performance.now();
    if (key === lastHealth.key && wallNow - lastHealth.at < 500) return;
    lastHealth = { at: wallNow, key };
    bus.publish(CHANNELS.feedHealth, h as unknown as Json).catch((err: unknown) => {
      log.warn({ err }, 'publishing feed health failed');
    });
  };

  /** The in-progress bars of instruments that ticked, for charts (about once a second, one write). */
  const shareLiveBars = (): void => {
    if (liveDirty.size === 0) return;
    const bars: Candle[] = [];
    for (const id of liveDirty)
      for (const tf of CANDLE_TIMEFRAMES) {
        const bar = candles.current(id, tf);
        if (bar) bars.push(bar);
      }
    liveDirty.clear();
    liveCandles.write(bars).catch((err: unknown) => log.warn({ err }, 'sharing in-progress candles failed'));
  };

  const housekeeping = (): void => {
    const now = clock.now();
    const elapsed = now - stats.windowStart;
    if (elapsed > 0) stats.ticksPerSec = Math.round((stats.windowTicks * 1000) / elapsed);
    stats.windowStart = now;
    stats.windowTicks = 0;
    const change = monitor.check();
    if (change.stale.length > 0) log.info({ count: change.stale.length, first: change.stale[0] }, 'instruments stale');
    demand.sweep(now);
    for (const c of candles.flush(now)) pendingCandles.push(c);
    pump();
    shareLiveBars();
    publishHealth();
  };
  const timer: TimerHandle = clock.setInterval(HOUSEKEEPING_MS, housekeeping);

  await source.start(onTicks);
  if (demand.subscribed().length > 0) source.subscribe?.(demand.subscribed());
  log.info({ source: source.name }, 'feed started');
  const drain = async () => {
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    await storeChain;
  };
  return {
    health,
    isStale: (id) => monitor.isStale(id),
    lastTickAgeMs: (id) => monitor.lastTickAgeMs(id),
    demand,
    drain,
    async stop() {
      timer.cancel();
      watchdog.stop();
      await demandSub.unsubscribe();
      await source.stop();
      await drain();
    },
  };
}
