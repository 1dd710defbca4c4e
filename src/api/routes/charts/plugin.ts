import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { istDate } from '#src/domain/calendar';
import { instrumentId } from '#src/domain/instrument';
import type { Candle } from '#src/domain/market/tick';
import { createCandleStore, createLiveCandles } from '#src/market';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { currentUser } from '../../plugins/auth';
import { problemSchema } from '../auth/schemas';
import type { TradingViews } from '../trading/views';
import { candlesQuery, candlesResponse, pnlQuery, pnlResponse } from './schemas';

const { trades } = tables;
const tags = ['charts'];

/** A bar whose interval ended this recently may not be stored yet (the feed's grace, then the write). */
const LIVE_BAR_GRACE_MS = 5_000;

/**
 * Chart data for the dashboard: stored candles (the same rows strategies read), then the bar the feed's candle
 * builder is still building (flagged `inProgress`), and the signed-in trader's realised P&L series for a day,
 * with open P&L marked now. Row-level: a trader sees only own P&L.
 */
export const chartRoutes: FastifyPluginAsyncZod<{ db: Db; bus: Bus; clock: Clock; views: TradingViews }> = async (
  app,
  opts,
) => {
  const candles = createCandleStore(opts.db);
  const liveCandles = createLiveCandles(opts.bus);

  app.get(
    '/charts/candles',
    {
      config: { permission: 'market:read' },
      schema: {
        tags,
        querystring: candlesQuery,
        response: { 200: candlesResponse, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (req) => {
      const q = req.query;
      const id = instrumentId(q.instrumentId);
      const now = opts.clock.now();
      const to = q.to ?? now;
      const from = q.from ?? to - 86_400_000;
      const [rows, live] = await Promise.all([
        candles.findCandles({ id, timeframeMin: q.timeframeMin, from, to, limit: q.limit }),
        liveCandles.read(id, q.timeframeMin),
      ]);
      const out: Array<Omit<Candle, 'id' | 'timeframeMin'> & { inProgress?: true }> = rows.map(
        ({ start, open, high, low, close, volume }) => ({ start, open, high, low, close, volume }),
      );
      // The current interval's bar, not yet closed and stored: last, so the dashboard's last bar moves live.
      const isCurrent = live !== undefined && now < live.start + q.timeframeMin * 60_000 + LIVE_BAR_GRACE_MS;
      const lastStored = rows.at(-1)?.start ?? Number.NEGATIVE_INFINITY;
      if (
        live &&
        isCurrent &&
        live.start >= from &&
        live.start < to &&
        live.start > lastStored &&
        rows.length < q.limit
      ) {
        const { start, open, high, low, close, volume } = live;
        out.push({ start, open, high, low, close, volume, inProgress: true });
      }
      return { instrumentId: id, timeframeMin: q.timeframeMin, candles: out };
    },
  );

  app.get(
    '/charts/pnl',
    {
      config: { permission: 'self:read' },
      schema: { tags, querystring: pnlQuery, response: { 200: pnlResponse, 401: problemSchema } },
    },
    async (req) => {
      const user = currentUser(req);
      const day = req.query.day ?? istDate(opts.clock.now());
      const closed = await opts.db
        .select({ id: trades.id, exitedAt: trades.exitedAt, pnlPaise: trades.pnlPaise })
        .from(trades)
        .where(and(eq(trades.userId, user.id), eq(trades.tradingDay, day), isNotNull(trades.exitedAt)))
        .orderBy(asc(trades.exitedAt));
      let cumulativePaise = 0;
      const points = closed.map((t) => {
        cumulativePaise += t.pnlPaise ?? 0;
        return { at: t.exitedAt ?? 0, tradeId: t.id, pnlPaise: t.pnlPaise ?? 0, cumulativePaise };
      });
      const open = day === istDate(opts.clock.now()) ? await opts.views.positions(user.id) : [];
      return {
        day,
        realisedPaise: cumulativePaise,
        openPnlPaise: open.reduce((s, p) => s + p.pnlPaise, 0),
        isStale: open.some((p) => p.isStale),
        points,
      };
    },
  );
};
