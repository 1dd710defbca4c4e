import type { FastifyInstance } from 'fastify';
import type { Accounts } from '#src/accounts';
import type { Config } from '#src/platform/config';
import type { Db } from '#src/platform/db';
import { adminUserRoutes } from '../admin-users/plugin';
import { apiKeyRoutes } from '../api-keys/plugin';
import { brokerAccountRoutes } from '../broker-accounts/plugin';
import { devOutboxRoutes } from '../dev-outbox/plugin';
import { meRoutes } from '../me/plugin';
import { planRoutes } from '../plans/plugin';
import { subscriptionRoutes } from '../subscriptions/plugin';
import { authRoutes } from './plugin';

/** Registers every identity-and-tenancy resource (issue 4) under /api/v1, and the dev outbox when embedded. */
export async function registerAccountRoutes(
  app: FastifyInstance,
  deps: { accounts: Accounts; config: Config; db: Db },
) {
  const { accounts, config, db } = deps;
  const cookieSecure = config.auth.cookieSecure;
  await app.register(authRoutes, { prefix: '/api/v1/auth', accounts, cookieSecure, publicUrl: config.http.publicUrl });
  await app.register(meRoutes, { prefix: '/api/v1/me', accounts, db, cookieSecure });
  await app.register(brokerAccountRoutes, { prefix: '/api/v1/broker-accounts', accounts });
  await app.register(apiKeyRoutes, { prefix: '/api/v1/api-keys', accounts });
  await app.register(planRoutes, { prefix: '/api/v1', accounts });
  await app.register(subscriptionRoutes, { prefix: '/api/v1', accounts });
  await app.register(adminUserRoutes, { prefix: '/api/v1/admin', accounts, db });
  const outbox = accounts.mailer.outbox;
  if (config.embedded && outbox) await app.register(devOutboxRoutes, { list: () => outbox.list() });
}
