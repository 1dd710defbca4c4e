import type { WebSocket } from 'ws';
import type { SessionUser } from '#src/accounts';
import type { TradingCalendar } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import { tradeEventSchema } from '#src/execution';
import { createStalenessMonitor, decodeTickBatch } from '#src/market';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import type { TradingViews } from '../routes/trading/views';
import { type BackpressurePolicy, type ClientConn, createClientConn, DEFAULT_BACKPRESSURE } from './client-conn';
import { createLtpGroups, createQuoteBoard, type Frame, type LtpGroup } from './conflation';
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
  /**
   * Clients are spread over this many send passes per interval (each client in one), so a pass serves a slice
   * of the clients with values taken at its start instead of all of them in one long loop. Default 25, fewer
   * when a pass would come sooner than every 5 ms.
   */
  readonly slices: number;
  /** Called after each send pass with its duration (ms from taking the latest values to the last send). */
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
    slices: 25,
    ...deps.options,
  };
  const intervalMs = Math.max(1, Math.round(1000 / opts.rateHz));
  const sliceCount = Math.max(1, Math.min(Math.round(opts.slices), Math.floor(intervalMs / 5)));
  /** The clients of each slice; a client sits in exactly one. */
  const slices: Set<ClientConn>[] = Array.from({ length: sliceCount }, () => new Set<ClientConn>());
  const { clock, bus, log } = deps;
  const monitor = createStalenessMonitor({ clock, calendar: deps.calendar });
  const isStale = (id: InstrumentId) => monitor.isStale(id);
  const board = createQuoteBoard({ isStale });
  const groups = createLtpGroups(board);
  const pnl = createPnlBook({ views: deps.views, board, isStale });
  const conns = new Set<ClientConn>();
  const stats: HubStats = { clients: 0, groups: 0, framesSent: 0, framesDropped: 0, slowDisconnects: 0 };
  const leastLoaded = (): number => {
    let best = 0;
    for (let i = 1; i < sliceCount; i++) if ((slices[i]?.size ?? 0) < (slices[best]?.size ?? 0)) best = i;
    return best;
  };
  const moveTo = (c: ClientConn, slice: number) => {
    slices[c.slice]?.delete(c);
    c.slice = slice;
    slices[slice]?.add(c);
  };
  /** A client joins its group's slice (frames shared), unless that slice already holds well over its share. */
  const onGroup = (c: ClientConn, group: LtpGroup) => {
    if (group.slice === c.slice) return;
    const share = conns.size / sliceCount;
    if ((slices[group.slice]?.size ?? 0) < share * 1.5 + 1) moveTo(c, group.slice);
  };
  const subs = createSubscriptionHandler({ groups, board, onGroup, pnl, conns, clock, log });
  let pass = 0;
  let lastStaleCheck = 0;
  /** Instrument needs changed since the last declaration; declared from the flush at most once a second. */
  let isDemandDirty = false;

  const offer = (c: ClientConn, f: Frame, kind: 'update' | 'event', now: number) => {
    const outcome = c.offer(f, kind, now);
    if (outcome === 'sent') stats.framesSent++;
    else stats.framesDropped++;
  };
  const toChannel = (channel: string, f: string) => {
    const now = clock.now();
    for (const c of conns) if (c.channels.has(channel)) offer(c, f, 'event', now);
  };

  /** One client's conflated send: quotes changed since its last send, changed P&L, else a clock once a second. */
  const flushClient = (c: ClientConn, now: number, clockFrame: () => string) => {
    // At most one conflated send per interval, also for a client that just moved to another slice.
    if (pass - c.lastPass < sliceCount) return;
    c.lastPass = pass;
    if (c.owesSnapshot) {
      if (!c.enforce(now)) return;
      if (c.socket.bufferedAmount > opts.backpressure.softLimitBytes / 2) return;
      c.owesSnapshot = false;
      c.lastNowAt = now;
      subs.sendSnapshot(c, pass, now);
      return;
    }
    let sent = false;
    if (c.group) {
      const partial = c.group.partial(pass, c.ltpSince, now);
      c.ltpSince = board.seq();
      if (partial) {
        offer(c, partial, 'update', now);
        sent = true;
      }
    }
    const users = subs.pnlUsers(c);
    for (const userId of users) {
      const seen = c.pnlSeen?.get(userId) ?? 0;
      const p = pnl.changed(userId, seen, now);
      if (p) {
        c.pnlSeen ??= new Map();
        c.pnlSeen.set(userId, p.version);
        offer(c, p.frame, 'update', now);
        sent = true;
      }
    }
    if (sent) c.lastNowAt = now;
    else if (users.length > 0 && now - c.lastNowAt >= 1_000) {
      c.lastNowAt = now;
      offer(c, clockFrame(), 'update', now);
    }
  };

  /** One send pass: the clients of one slice, with the values as they are now. */
  const flush = (passNo: number) => {
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
    pass = passNo;
    const slice = slices[pass % sliceCount];
    if (!slice || slice.size === 0) return;
    let clockFrame: string | undefined;
    const clockOnce = () => {
      clockFrame ??= frame({ type: 'clock', now });
      return clockFrame;
    };
    for (const c of slice) flushClient(c, now, clockOnce);
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
      const ticks = decodeTickBatch(m);
      monitor.onTicks(ticks, clock.now());
      board.update(ticks);
    }),
    await bus.subscribe(CHANNELS.userEventsPattern, (m) => {
      onTradeEvent(m).catch((err: unknown) => log.warn({ err }, 'stream: trade event failed'));
    }),
    await bus.subscribe(CHANNELS.strategyEvents, (m) =>
      toChannel('ops.strategy', frame({ type: 'strategy', event: m })),
    ),
    await bus.subscribe(CHANNELS.feedHealth, (m) => toChannel('ops.feed', frame({ type: 'feed', health: m }))),
  ];

  // Passes are numbered by wall time since the start, so a late timer (a busy event loop) runs the passes it
  // missed rather than stretching every client's interval; beyond one interval behind, older passes are skipped
  // (each client is still served once per interval).
  const passMs = intervalMs / sliceCount;
  const epoch = performance.now();
  const runDuePasses = () => {
    const due = Math.floor((performance.now() - epoch) / passMs);
    let next = Math.max(pass + 1, due - sliceCount + 1);
    for (; next <= due; next++) flush(next);
  };

  const owner = `api:${deps.instance}`;
  const declareDemand = () => {
    bus.publish(CHANNELS.demand, { owner, ids: subs.allInstruments() }).catch((err: unknown) => {
      log.warn({ err }, 'stream: declaring demand failed');
    });
  };
  const timers = [
    setInterval(runDuePasses, passMs),
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
      moveTo(conn, leastLoaded());
      stats.clients = conns.size;
      deps.metrics.wsClients.inc();
      socket.on('pong', () => {
        conn.isAlive = true;
      });
      socket.on('message', (raw: Buffer) => {
        subs.handle(conn, raw, pass).then(
          (changed) => {
            isDemandDirty ||= changed;
          },
          (err: unknown) => log.warn({ err }, 'stream: message failed'),
        );
      });
      socket.on('close', () => {
        subs.detach(conn);
        conns.delete(conn);
        slices[conn.slice]?.delete(conn);
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
