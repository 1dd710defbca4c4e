import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { type BrokerLookup, createAccounts } from '#src/accounts';
import { createBrokerRegistry } from '#src/brokers/registry';
import { createLtpCache } from '#src/market';
import type { Platform } from '#src/platform/create-platform';
import type { Mailer } from '#src/platform/mail';
import { type RouteRegistry, sessionAuth } from './plugins/auth';
import { problemJson } from './plugins/problem-json';
import { registerAccountRoutes } from './routes/auth/account-routes';
import { chartRoutes } from './routes/charts/plugin';
import { healthRoutes } from './routes/health/plugin';
import { marketRoutes } from './routes/market/plugin';
import { ordersAdminRoutes } from './routes/orders-admin/plugin';
import { strategySettingRoutes } from './routes/strategy-settings/plugin';
import { tradingRoutes } from './routes/trading/plugin';
import { createTradingViews } from './routes/trading/views';
import { registerStreamHub } from './ws/route';

/** Builds the API: REST under /api/v1, the live stream, health, OpenAPI at /docs, and the web app at /. */
export async function buildApp(
  platform: Platform,
  opts: { registry?: RouteRegistry; brokers?: BrokerLookup; mailer?: Mailer } = {},
): Promise<FastifyInstance> {
  const { config, store, bus, clock, metrics } = platform;
  const app = Fastify({
    loggerInstance: platform.log.child({ role: 'api' }) as FastifyBaseLogger,
    trustProxy: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(problemJson);
  await app.register(fastifyCookie);
  const accounts = createAccounts({
    config,
    db: store.db,
    bus,
    clock,
    log: platform.log,
    brokers: opts.brokers ?? createBrokerRegistry(),
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
  });
  app.addHook('onClose', () => accounts.mailer.close());
  await app.register(sessionAuth, { sessions: accounts.sessions, apiKeys: accounts.apiKeys, registry: opts.registry });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'MYN Robo API', version: '1' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mynrobo_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  const views = createTradingViews({ db: store.db, ltpCache: createLtpCache(bus), clock });
  await registerAccountRoutes(app, { accounts, config, db: store.db });
  await app.register(tradingRoutes, { prefix: '/api/v1', views });
  await app.register(chartRoutes, { prefix: '/api/v1', db: store.db, bus, clock, views });
  await app.register(marketRoutes, { prefix: '/api/v1', platform });
  await app.register(ordersAdminRoutes, { prefix: '/api/v1', platform });
  await app.register(strategySettingRoutes, { prefix: '/api/v1', db: store.db, clock });
  await app.register(healthRoutes, { db: store.db, bus, metrics });
  await app.register(async (scope) => {
    const { calendar } = platform.market;
    await registerStreamHub(scope, {
      bus,
      clock,
      calendar,
      views,
      metrics,
      log: platform.log,
      instance: platform.instance,
    });
  });
  if (existsSync(config.web.dir)) {
    await app.register(fastifyStatic, { root: config.web.dir, prefix: '/', wildcard: true, index: ['index.html'] });
  }
  return app;
}
