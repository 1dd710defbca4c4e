import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { istDate } from '#src/domain/calendar';
import { instrumentId, SEGMENTS } from '#src/domain/instrument';
import {
  createLtpCache,
  findInstrument,
  listHolidays,
  MARKET_ERRORS,
  readSyncStatus,
  searchInstruments,
  startMarketService,
} from '#src/market';
import type { Platform } from '#src/platform/create-platform';
import { problemSchema } from '../auth/schemas';
import { registerHolidayAdminRoutes } from './admin-routes';
import { mapMarketErrors } from './errors';
import {
  expiriesQuery,
  expiriesSchema,
  holidayQuery,
  holidaySchema,
  instrumentDetailSchema,
  instrumentSchema,
  instrumentSearchQuery,
  optionChainQuery,
  optionChainSchema,
  segmentSchema,
  segmentStatusSchema,
  syncStatusSchema,
  tags,
} from './schemas';
import { expiriesOf, optionChain, segmentStatus } from './views';

const read = { permission: 'market:read' } as const;
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

/**
 * Market reference data: segments and sessions, holidays, expiries, option chains with LTPs, instrument search
 * and master-sync status (market:read), plus the holiday admin routes (market:write). Starts this process's
 * MarketService: seeds the calendar on first start and syncs the simulated exchange's master when due.
 */
export const marketRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const { store, bus, clock, log } = platform;
  const market = await startMarketService({ db: store.db, bus, clock, log, specs: platform.market.specs });
  app.addHook('onClose', () => market.stop());
  const ltp = createLtpCache(bus);
  const db = store.db;
  mapMarketErrors(app);

  app.get(
    '/market/segments',
    {
      config: read,
      schema: { tags, response: { 200: z.object({ segments: z.array(segmentStatusSchema) }), ...errors } },
    },
    async () => {
      const now = clock.now();
      return { segments: SEGMENTS.map((s) => segmentStatus(market.calendar.calendar(), s, now)) };
    },
  );
  app.get(
    '/market/segments/:segment',
    {
      config: read,
      schema: { tags, params: z.object({ segment: segmentSchema }), response: { 200: segmentStatusSchema, ...errors } },
    },
    async (req) => segmentStatus(market.calendar.calendar(), req.params.segment, clock.now()),
  );
  app.get(
    '/market/holidays',
    {
      config: read,
      schema: {
        tags,
        querystring: holidayQuery,
        response: { 200: z.object({ holidays: z.array(holidaySchema) }), ...errors },
      },
    },
    async (req) => ({ holidays: await listHolidays(db, req.query) }),
  );
  app.get(
    '/market/expiries',
    { config: read, schema: { tags, querystring: expiriesQuery, response: { 200: expiriesSchema, ...errors } } },
    async (req) => expiriesOf(market, { ...req.query, from: req.query.from ?? istDate(clock.now()) }),
  );
  app.get(
    '/market/option-chain',
    {
      config: read,
      schema: {
        tags,
        querystring: optionChainQuery,
        response: { 200: optionChainSchema, 409: problemSchema, ...errors },
      },
    },
    async (req) => optionChain({ market, specs: platform.market.specs, ltp, now: clock.now() }, req.query),
  );
  app.get(
    '/market/instruments',
    {
      config: read,
      schema: {
        tags,
        querystring: instrumentSearchQuery,
        response: { 200: z.object({ instruments: z.array(instrumentSchema) }), ...errors },
      },
    },
    async (req) => ({ instruments: await searchInstruments(db, { ...req.query, text: req.query.q }) }),
  );
  app.get(
    '/market/instruments/:id',
    {
      config: read,
      schema: {
        tags,
        params: z.object({ id: z.string().max(80) }),
        response: { 200: instrumentDetailSchema, 404: problemSchema, ...errors },
      },
    },
    async (req) => {
      const id = instrumentId(req.params.id);
      const found = await findInstrument(db, id);
      if (!found) throw MARKET_ERRORS.instrumentNotFound(id);
      return found;
    },
  );
  app.get(
    '/market/master-sync',
    { config: read, schema: { tags, response: { 200: z.object({ status: z.array(syncStatusSchema) }), ...errors } } },
    async () => ({ status: await readSyncStatus(db) }),
  );
  registerHolidayAdminRoutes(app, { db, clock, market });
};
