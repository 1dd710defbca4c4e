import type { WebSocket } from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SessionUser } from '#src/accounts';
import type { Tick } from '#src/domain/market/tick';
import { positionPnl } from '#src/domain/order';
import { tradeEventSchema } from '#src/execution';
import { type Bus, CHANNELS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Metrics } from '#src/platform/metrics';
import type { PositionView, TradingViews } from '../routes/trading/views';

const clientMessage = z.object({
  type: z.literal('subscribe'),
  channels: z.array(z.enum(['pnl', 'ltp', 'trades'])).max(3),
});

const STALE_AFTER_MS = 15_000;

/**
 * The live stream of one trader's P&L, prices and trade events. Prices come from the tick channel into one
 * in-process map (no store read per tick); positions are re-read only when a trade event for the user arrives.
 * Frames go out at most `rateHz` times a second and only when something changed.
 */
export async function registerStream(
  app: FastifyInstance,
  deps: { bus: Bus; clock: Clock; views: TradingViews; metrics: Metrics; rateHz: number },
) {
  const last = new Map<string, Tick>();
  const listeners = new Map<string, Set<(tradeId: string, event: string) => void>>();
  const subs = [
    await deps.bus.subscribe(CHANNELS.ticks, (m) => {
      for (const t of m as unknown as Tick[]) last.set(t.id, t);
    }),
    await deps.bus.subscribe(CHANNELS.userEventsPattern, (m) => {
      const e = tradeEventSchema.safeParse(m);
      if (e.success) for (const fn of listeners.get(e.data.userId) ?? []) fn(e.data.tradeId, e.data.event);
    }),
  ];
  app.addHook('onClose', async () => {
    await Promise.all(subs.map((s) => s.unsubscribe()));
  });

  const mark = (p: PositionView, now: number): PositionView => {
    const q = last.get(p.instrumentId);
    if (!q) return p;
    const pnlPaise = positionPnl({
      side: p.side,
      qtyUnits: p.qtyUnits,
      entryPaise: p.entryPricePaise,
      markPaise: q.ltp,
    });
    return { ...p, ltpPaise: q.ltp, pnlPaise, isStale: now - q.ts > STALE_AFTER_MS };
  };

  const serve = async (socket: WebSocket, user: SessionUser) => {
    deps.metrics.wsClients.inc();
    let positions = await deps.views.positions(user.id);
    let realisedPaise = 0;
    let lastFrame = '';
    const reload = async () => {
      positions = await deps.views.positions(user.id);
      realisedPaise = (await deps.views.trades(user.id)).reduce(
        (s, t) => s + (t.status === 'CLOSED' ? (t.pnlPaise ?? 0) : 0),
        0,
      );
    };
    await reload();
    const send = (frame: object) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame));
    const onEvent = (tradeId: string, event: string) => {
      void (async () => {
        await reload();
        const trade = await deps.views.trade(user.id, tradeId);
        if (trade) send({ type: 'trade', event, trade });
      })().catch((err) => app.log.warn({ err }, 'stream reload failed'));
    };
    const set = listeners.get(user.id) ?? new Set();
    set.add(onEvent);
    listeners.set(user.id, set);
    send({ type: 'hello', user });
    const timer = setInterval(() => {
      const now = deps.clock.now();
      const marked = positions.map((p) => mark(p, now));
      const totalPnlPaise = marked.reduce((s, p) => s + p.pnlPaise, 0);
      const frame = JSON.stringify({ type: 'pnl', totalPnlPaise, realisedPaise, positions: marked });
      if (frame === lastFrame) return send({ type: 'clock', now });
      lastFrame = frame;
      send({ type: 'pnl', now, totalPnlPaise, realisedPaise, positions: marked });
    }, 1000 / deps.rateHz);
    socket.on('message', (raw: Buffer) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString());
      } catch {
        return send({ type: 'error', code: 'INVALID_JSON', detail: 'messages must be JSON' });
      }
      const msg = clientMessage.safeParse(parsed);
      if (!msg.success)
        send({ type: 'error', code: 'INVALID_MESSAGE', detail: msg.error.issues.map((i) => i.message).join('; ') });
    });
    socket.on('close', () => {
      clearInterval(timer);
      set.delete(onEvent);
      deps.metrics.wsClients.dec();
    });
  };

  app.get(
    '/api/v1/stream',
    { websocket: true, config: { permission: 'self:read' }, schema: { hide: true } },
    (socket, req) => {
      if (!req.user) {
        socket.close(4401, 'sign in required');
        return;
      }
      void serve(socket, req.user).catch((err) => {
        app.log.error({ err }, 'stream failed');
        socket.close(1011, 'internal error');
      });
    },
  );
}
