import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { istDate } from '#src/domain/calendar';
import { instrumentId } from '#src/domain/instrument';
import { createCandleStore } from '#src/market';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { currentUser } from '../../plugins/auth';
import { problemSchema } from '../auth/schemas';
import type { TradingViews } from '../trading/views';
import { candlesQuery, candlesResponse, pnlQuery, pnlResponse } from './schemas';

const { trades } = tables;
const tags = ['charts'];

/**
 * Chart data for the dashboard: stored candles (the same rows strategies read) and the signed-in trader's
 * realised P&L series for a day, with open P&L marked now. Row-level: a trader sees only own P&L.
 */
export const chartRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock; views: TradingViews }> = async (app, opts) => {
  const candles = createCandleStore(opts.db);

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
      const to = q.to ?? opts.clock.now();
      const from = q.from ?? to - 86_400_000;
      const rows = await candles.findCandles({ id, timeframeMin: q.timeframeMin, from, to, limit: q.limit });
      return {
        instrumentId: id,
        timeframeMin: q.timeframeMin,
        candles: rows.map(({ start, open, high, low, close, volume }) => ({ start, open, high, low, close, volume })),
      };
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
