import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../plugins/auth';
import { problemSchema } from '../auth/schemas';
import { positionSchema, tradeSchema } from './schemas';
import type { TradingViews } from './views';

/** The signed-in trader's open positions (marked to market) and today's trades. Row-level: own data only. */
export const tradingRoutes: FastifyPluginAsyncZod<{ views: TradingViews }> = async (app, opts) => {
  app.get(
    '/positions',
    {
      config: { permission: 'self:read' },
      schema: {
        tags: ['trading'],
        response: { 200: z.object({ positions: z.array(positionSchema) }), 401: problemSchema },
      },
    },
    async (req) => ({ positions: await opts.views.positions(currentUser(req).id) }),
  );
  app.get(
    '/trades',
    {
      config: { permission: 'self:read' },
      schema: { tags: ['trading'], response: { 200: z.object({ trades: z.array(tradeSchema) }), 401: problemSchema } },
    },
    async (req) => ({ trades: await opts.views.trades(currentUser(req).id) }),
  );
};
