import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { istDate } from '#src/domain/calendar';
import type { ContractSpecs } from '#src/domain/instrument';
import { instrumentId, SEGMENTS } from '#src/domain/instrument';
import {
  createLtpCache,
  findInstrument,
  type LtpCache,
  listHolidays,
  MARKET_ERRORS,
  type MarketService,
  readHolidayData,
  readSyncStatus,
  searchInstruments,
  startMarketService,
} from '#src/market';
import type { Clock } from '#src/platform/clock';
import type { Platform } from '#src/platform/create-platform';
import type { Db } from '#src/platform/db';
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
  specialSessionSchema,
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
  const deps = { db: store.db, clock, market, specs: platform.market.specs, ltp: createLtpCache(bus) };
  mapMarketErrors(app);
  registerCalendarRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerHolidayAdminRoutes(app, deps);
};

type App = Parameters<FastifyPluginAsyncZod>[0];
interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  readonly market: MarketService;
  readonly specs: ContractSpecs;
  readonly ltp: LtpCache;
}

/** Sessions now (by the platform clock) and the holiday calendar. */
function registerCalendarRoutes(app: App, { db, clock, market }: Deps) {
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
        response: {
          200: z.object({ holidays: z.array(holidaySchema), specialSessions: z.array(specialSessionSchema) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const { exchange, from = '0000-01-01', to = '9999-12-31' } = req.query;
      const sessions = (await readHolidayData(db))?.specialSessions ?? [];
      return {
        holidays: await listHolidays(db, req.query),
        specialSessions: sessions
          .filter((s) => s.date >= from && s.date <= to && (!exchange || s.exchanges.includes(exchange)))
          .map((s) => ({ ...s, exchanges: [...s.exchanges] })),
      };
    },
  );
}

/** Expiries, option chains with LTPs, instrument search and the master-sync status. */
function registerCatalogRoutes(app: App, { db, clock, market, specs, ltp }: Deps) {
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
    async (req) => optionChain({ market, specs, ltp, now: clock.now() }, req.query),
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
}
