import type { WebSocket } from 'ws';
import type { SessionUser } from '#src/accounts';
import type { TradingCalendar } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import { tradeEventSchema } from '#src/execution';
import { createStalenessMonitor, MARKET_CHANNELS } from '#src/market';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import type { TradingViews } from '../routes/trading/views';
import { type BackpressurePolicy, type ClientConn, createClientConn, DEFAULT_BACKPRESSURE } from './client-conn';
import { createLtpGroups, createQuoteBoard } from './conflation';
import { createPnlBook } from './pnl-book';
import { frame, STREAM_PROTOCOL_VERSION } from './protocol';
import { createSubscriptionHandler } from './subscriptions';

/** Hub tuning; defaults suit the dashboard. */
export interface HubOptions {
  /** Conflated frames per second per client (ltp and pnl). Default 4. */
  readonly rateHz: number;
  /** Ping interval; a client that misses one pong is dropped. Default 15 s. */
  readonly heartbeatMs: number;
  readonly backpressure: BackpressurePolicy;
  /** How often the hub re-declares its instrument needs to the feed. Default 10 s. */
  readonly demandEveryMs: number;
  /** Called after each flush with its duration (ms from taking the latest values to the last send). */
  readonly onFlush?: (durationMs: number) => void;
}

export interface HubDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly views: TradingViews;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly instance: string;
  readonly options?: Partial<HubOptions>;
}

/** Counters for health screens, tests and benchmarks. */
export interface HubStats {
  clients: number;
  groups: number;
  framesSent: number;
  framesDropped: number;
  slowDisconnects: number;
}

/** The WebSocket hub of one API process, fed from the bus; any number of API processes run one each. */
export interface StreamHub {
  /** Serves one authenticated socket until it closes. */
  attach(socket: WebSocket, user: SessionUser): void;
  stats(): HubStats;
  stop(): Promise<void>;
}

export async function createStreamHub(deps: HubDeps): Promise<StreamHub> {
  const opts: HubOptions = {
    rateHz: 4,
    heartbeatMs: 15_000,
    backpressure: DEFAULT_BACKPRESSURE,
    demandEveryMs: 10_000,
    ...deps.options,
  };
  const { clock, bus, log } = deps;
  const monitor = createStalenessMonitor({ clock, calendar: deps.calendar });
  const isStale = (id: InstrumentId) => monitor.isStale(id);
  const board = createQuoteBoard({ isStale });
  const groups = createLtpGroups(board);
  const pnl = createPnlBook({ views: deps.views, board, isStale });
  const conns = new Set<ClientConn>();
  const stats: HubStats = { clients: 0, groups: 0, framesSent: 0, framesDropped: 0, slowDisconnects: 0 };
  const subs = createSubscriptionHandler({ groups, pnl, conns, clock, log });
  let flushNo = 0;
  let lastClockAt = 0;
  let lastStaleCheck = 0;
  /** Instrument needs changed since the last declaration; declared from the flush at most once a second. */
  let isDemandDirty = false;

  const offer = (c: ClientConn, f: string, kind: 'update' | 'event', now: number) => {
    const outcome = c.offer(f, kind, now);
    if (outcome === 'sent') stats.framesSent++;
    else stats.framesDropped++;
  };
  const toChannel = (channel: string, f: string) => {
    const now = clock.now();
    for (const c of conns) if (c.channels.has(channel)) offer(c, f, 'event', now);
  };

  const flushClient = (c: ClientConn, now: number, clockFrame: string | undefined) => {
    if (c.owesSnapshot) {
      if (!c.enforce(now)) return;
      if (c.socket.bufferedAmount > opts.backpressure.softLimitBytes / 2) return;
      c.owesSnapshot = false;
      subs.sendSnapshot(c, flushNo, now);
      return;
    }
    let sent = false;
    const partial = c.group?.partial(flushNo, now);
    if (partial) {
      offer(c, partial, 'update', now);
      sent = true;
    }
    for (const userId of subs.pnlUsers(c)) {
      const f = pnl.changed(userId, flushNo, now);
      if (f) {
        offer(c, f, 'update', now);
        sent = true;
      }
    }
    if (!sent && clockFrame && subs.pnlUsers(c).length > 0) offer(c, clockFrame, 'update', now);
  };

  const flush = () => {
    const startedAt = performance.now();
    const now = clock.now();
    if (now - lastStaleCheck >= 1_000) {
      lastStaleCheck = now;
      const change = monitor.check();
      board.touch(change.stale);
      board.touch(change.recovered);
      if (isDemandDirty) {
        isDemandDirty = false;
        declareDemand();
      }
    }
    flushNo = board.beginFlush();
    const clockFrame = now - lastClockAt >= 1_000 ? frame({ type: 'clock', now }) : undefined;
    if (clockFrame) lastClockAt = now;
    for (const c of conns) flushClient(c, now, clockFrame);
    stats.groups = groups.size();
    opts.onFlush?.(performance.now() - startedAt);
  };

  const onTradeEvent = async (m: unknown) => {
    const e = tradeEventSchema.safeParse(m);
    if (!e.success) return;
    const { userId, tradeId, event } = e.data;
    await pnl.reload(userId);
    subs.regroupUser(userId);
    const wantsOrders = [...conns].some((c) => c.channels.has('ops.orders'));
    const owners = [...conns].filter((c) => c.user.id === userId && c.channels.has('trades'));
    if (!wantsOrders && owners.length === 0) return;
    const trade = await deps.views.trade(userId, tradeId);
    if (!trade) return;
    const now = clock.now();
    const tradeFrame = frame({ type: 'trade', event, trade });
    for (const c of owners) offer(c, tradeFrame, 'event', now);
    if (wantsOrders) toChannel('ops.orders', frame({ type: 'order', event, trade: { ...trade, userId } }));
  };

  const busSubs: Subscription[] = [
    await bus.subscribe(CHANNELS.ticks, (m) => {
      const ticks = m as unknown as readonly Tick[];
      monitor.onTicks(ticks, clock.now());
      board.update(ticks);
    }),
    await bus.subscribe(CHANNELS.userEventsPattern, (m) => {
      onTradeEvent(m).catch((err: unknown) => log.warn({ err }, 'stream: trade event failed'));
    }),
    await bus.subscribe(CHANNELS.strategyEvents, (m) =>
      toChannel('ops.strategy', frame({ type: 'strategy', event: m })),
    ),
    await bus.subscribe(MARKET_CHANNELS.feedHealth, (m) => toChannel('ops.feed', frame({ type: 'feed', health: m }))),
  ];

  const owner = `api:${deps.instance}`;
  const declareDemand = () => {
    bus.publish(MARKET_CHANNELS.demand, { owner, ids: subs.allInstruments() }).catch((err: unknown) => {
      log.warn({ err }, 'stream: declaring demand failed');
    });
  };
  const timers = [
    setInterval(flush, Math.max(1, Math.round(1000 / opts.rateHz))),
    setInterval(() => {
      for (const c of conns) {
        if (!c.isAlive) c.socket.terminate();
        else {
          c.isAlive = false;
          c.socket.ping();
        }
      }
    }, opts.heartbeatMs),
    setInterval(declareDemand, opts.demandEveryMs),
  ];
  for (const t of timers) t.unref();

  return {
    attach(socket, user) {
      const conn = createClientConn(socket, user, opts.backpressure, () => {
        stats.slowDisconnects++;
        log.warn({ userId: user.id }, 'stream: slow consumer disconnected');
      });
      conns.add(conn);
      stats.clients = conns.size;
      deps.metrics.wsClients.inc();
      socket.on('pong', () => {
        conn.isAlive = true;
      });
      socket.on('message', (raw: Buffer) => {
        subs.handle(conn, raw, flushNo).then(
          (changed) => {
            isDemandDirty ||= changed;
          },
          (err: unknown) => log.warn({ err }, 'stream: message failed'),
        );
      });
      socket.on('close', () => {
        subs.detach(conn);
        conns.delete(conn);
        stats.clients = conns.size;
        deps.metrics.wsClients.dec();
      });
      socket.send(
        frame({ type: 'hello', user, now: clock.now(), protocol: STREAM_PROTOCOL_VERSION, rateHz: opts.rateHz }),
      );
    },
    stats: () => ({ ...stats }),
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(busSubs.map((s) => s.unsubscribe()));
      for (const c of conns) c.socket.close(1001, 'server shutting down');
    },
  };
}
