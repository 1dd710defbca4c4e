import { and, eq, inArray } from 'drizzle-orm';
import { istDate, istMinutes } from '#src/domain/calendar';
import type { Candle, Tick } from '#src/domain/market/tick';
import { decodeTickBatch } from '#src/market';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock, TimerHandle } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import { findStrategy } from '../registry';
import type { Intent, StrategyInstance } from '../sdk';
import { exitTrade } from './exits';
import type { WaveFanOut } from './fan-out';
import type { SpecsForEngine } from './specs';

const { strategySettings, trades, signalWaves } = tables;
type Setting = typeof strategySettings.$inferSelect;
type Trade = typeof trades.$inferSelect;

const LIVE_TRADE_STATUSES = ['PENDING_ENTRY', 'OPEN', 'EXITING'];

/** Runs every running master setting: candles in, intents out (fanned out as waves), per-trade exits, square-off. */
export interface StrategyEngine {
  stop(): Promise<void>;
  /** Re-reads trades from the store (also done on trade events and periodically). */
  refresh(): Promise<void>;
  /** What the running settings need quoted: their underlyings and the instruments of their live trades. */
  needs(): EngineNeeds;
}

/** The market data the engine's running settings need (the strategy role declares it to the feed as demand). */
export interface EngineNeeds {
  readonly underlyings: readonly string[];
  /** Instruments of trades not yet closed; a trade's instrument drops out once it closes. */
  readonly tradeInstruments: readonly string[];
}

interface Running {
  setting: Setting;
  instance: StrategyInstance;
  entriesToday: number;
  day: string;
  squaredOffDay: string | undefined;
  squareOffMin: number;
}

export interface StrategyEngineDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly fanOut: WaveFanOut;
  readonly specs: SpecsForEngine;
  /** True while an instrument's price is stale (market/createTickStaleness); entries wait for live data. */
  readonly isStale?: (instrumentId: string) => boolean;
  /** Called after a refresh that changed the instruments of live trades (a trade opened or closed). */
  readonly onNeedsChanged?: () => void;
}

export async function createStrategyEngine(deps: StrategyEngineDeps): Promise<StrategyEngine> {
  const { db, bus, clock, log } = deps;
  const running = new Map<string, Running>();
  let liveTrades: Trade[] = [];
  let work = Promise.resolve();
  const enqueue = (fn: () => Promise<unknown>) => {
    work = work.then(fn).then(
      () => undefined,
      (err) => log.error({ err }, 'strategy engine task failed'),
    );
  };

  const tradeInstruments = () => [...new Set(liveTrades.map((t) => t.instrumentId))].sort();
  const refresh = async () => {
    const before = tradeInstruments().join('|');
    liveTrades = await db.select().from(trades).where(inArray(trades.status, LIVE_TRADE_STATUSES));
    if (tradeInstruments().join('|') !== before) deps.onNeedsChanged?.();
  };

  const countEntries = async (settingId: string, day: string) =>
    (
      await db
        .select({ id: signalWaves.id })
        .from(signalWaves)
        .where(
          and(eq(signalWaves.settingId, settingId), eq(signalWaves.tradingDay, day), eq(signalWaves.kind, 'ENTRY')),
        )
    ).length;

  const onIntent = (r: Running, intent: Intent) => {
    if (intent.kind === 'EXIT_ALL') {
      enqueue(() => exitAll(r.setting.id, 'STRATEGY_EXIT'));
      return;
    }
    const indexId = deps.specs.indexIdOf(r.setting.underlying);
    if (deps.isStale?.(indexId)) {
      log.warn({ settingId: r.setting.id, indexId }, 'entry skipped: stale market data');
      return;
    }
    r.entriesToday++;
    const seq = r.entriesToday;
    enqueue(async () => {
      await deps.fanOut.enter({ setting: r.setting, intent, seq });
      await refresh();
    });
  };

  const exitAll = async (settingId: string, reason: 'TIME_EXIT' | 'STRATEGY_EXIT') => {
    await refresh();
    for (const t of liveTrades.filter((x) => x.settingId === settingId && x.status === 'OPEN'))
      await exitTrade(deps, t, reason);
    await refresh();
  };

  const startSetting = async (setting: Setting) => {
    const strategy = findStrategy(setting.strategyId);
    if (!strategy) return log.error({ settingId: setting.id, strategyId: setting.strategyId }, 'unknown strategy');
    const params = strategy.paramsSchema.parse(setting.params);
    const day = istDate(clock.now());
    const hhmm = strategy.squareOffTime(params);
    const r: Running = {
      setting,
      day,
      entriesToday: await countEntries(setting.id, day),
      squaredOffDay: undefined,
      squareOffMin: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)),
      instance: undefined as unknown as StrategyInstance,
    };
    r.instance = strategy.create({
      settingId: setting.id,
      underlying: setting.underlying,
      params,
      now: () => clock.now(),
      entriesToday: () => r.entriesToday,
      hasOpenPosition: () => liveTrades.some((t) => t.settingId === setting.id),
      emit: (intent) => onIntent(r, intent),
      log: (message, data) => log.info({ settingId: setting.id, ...data }, message),
    });
    running.set(setting.id, r);
    log.info(
      { settingId: setting.id, strategy: setting.strategyId, underlying: setting.underlying },
      'strategy setting started',
    );
  };

  const onCandle = (c: Candle) => {
    for (const r of running.values()) {
      if (deps.specs.indexIdOf(r.setting.underlying) !== c.id) continue;
      const day = istDate(c.start);
      if (day !== r.day)
        enqueue(async () => {
          r.day = day;
          r.entriesToday = await countEntries(r.setting.id, day);
        });
      enqueue(async () => r.instance.onCandle(c));
    }
  };

  /** Per-trade SL/target on every tick batch (risk outside strategy code). */
  const onTicks = (ticks: Tick[]) => {
    const byId = new Map(ticks.map((t) => [t.id as string, t]));
    for (const t of liveTrades) {
      if (t.status !== 'OPEN' || t.slPaise === null || t.targetPaise === null) continue;
      const q = byId.get(t.instrumentId);
      if (!q) continue;
      const long = t.side === 'BUY';
      const hitSl = long ? q.ltp <= t.slPaise : q.ltp >= t.slPaise;
      const hitTarget = long ? q.ltp >= t.targetPaise : q.ltp <= t.targetPaise;
      if (hitSl || hitTarget) {
        t.status = 'EXITING'; // locally, until the refresh: one exit per trade
        enqueue(() => exitTrade(deps, t, hitSl ? 'SL' : 'TARGET'));
      }
    }
  };

  const squareOffCheck = () => {
    const now = clock.now();
    const day = istDate(now);
    for (const r of running.values()) {
      if (r.squaredOffDay === day || istMinutes(now) < r.squareOffMin) continue;
      r.squaredOffDay = day;
      enqueue(() => exitAll(r.setting.id, 'TIME_EXIT'));
    }
  };

  await refresh();
  for (const s of await db.select().from(strategySettings).where(eq(strategySettings.status, 'running')))
    await startSetting(s);
  const subs: Subscription[] = [
    await bus.subscribe(CHANNELS.candlePattern(1), (m) => onCandle(m as unknown as Candle)),
    await bus.subscribe(CHANNELS.ticks, (m) => onTicks(decodeTickBatch(m))),
    await bus.subscribe(CHANNELS.userEventsPattern, () => enqueue(refresh)),
  ];
  const timers: TimerHandle[] = [
    clock.setInterval(1_000, squareOffCheck),
    clock.setInterval(5_000, () => enqueue(refresh)),
  ];
  return {
    refresh,
    needs: () => ({
      underlyings: [...new Set([...running.values()].map((r) => r.setting.underlying))].sort(),
      tradeInstruments: tradeInstruments(),
    }),
    async stop() {
      for (const t of timers) t.cancel();
      await Promise.all(subs.map((s) => s.unsubscribe()));
      await work;
    },
  };
}
