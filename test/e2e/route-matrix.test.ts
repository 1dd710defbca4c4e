import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSessionStore, hashPassword, ROLES, type Role, roleAllows } from '#src/accounts';
import { buildApp } from '#src/api';
import type { RouteRegistry } from '#src/api/plugins/auth';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';

const DENIALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/** Fills route parameters with values that pass validation, so the check reaches the permission hook. */
function concrete(url: string): string {
  return url
    .replace(':action', 'approve')
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')
    .replace('*', 'x');
}

describe('route × role matrix: every registered route answers every role as the permission table says', () => {
  let running: RunningPlatform;
  let app: FastifyInstance;
  const registry: RouteRegistry = { routes: [] };
  const userIds = new Map<Role, string>();

  before(async () => {
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', SIM_MARKET: 'false', LOG_LEVEL: 'silent', SEED_DEMO: 'false' },
      roles: [],
    });
    app = await buildApp(running.platform, { registry });
    await app.ready();
    const passwordHash = await hashPassword('matrix-password');
    for (const role of ROLES) {
      const [u] = await running.platform.store.db
        .insert(tables.users)
        .values({ email: `${role}@matrix.test`, passwordHash, displayName: role, role, status: 'active', createdAt: 0 })
        .returning({ id: tables.users.id });
      userIds.set(role, u?.id ?? '');
    }
  });
  after(async () => {
    await app.close();
    await running.stop();
  });

  test('the registry holds the account routes, and every route declares its access', () => {
    const urls = registry.routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'POST /api/v1/auth/signup',
      'GET /api/v1/broker-accounts',
      'POST /api/v1/admin/maps',
      'GET /api/v1/admin/audit',
    ])
      assert.ok(urls.includes(expected), `${expected} is registered`);
    assert.ok(registry.routes.length >= 40);
  });

  test('a route without a declared permission fails at registration', async () => {
    const bare = await buildApp(running.platform);
    assert.throws(() => bare.get('/api/v1/undeclared', async () => ({})), /declares no valid permission/);
    await bare.close();
  });

  test('allows and denies each route for anonymous and every role', async () => {
    const sessions = createSessionStore({
      db: running.platform.store.db,
      clock: running.platform.clock,
      ttlMs: 60_000,
    });
    const failures: string[] = [];
    for (const route of registry.routes) {
      const url = concrete(route.url);
      for (const role of [undefined, ...ROLES]) {
        // A fresh session per request: logout and logout-all end the one they are called with.
        const cookie = role ? `mynrobo_session=${(await sessions.create(userIds.get(role) ?? '')).token}` : undefined;
        const res = await app.inject({
          method: route.method as 'GET',
          url,
          headers: { host: 'localhost', origin: 'http://localhost', ...(cookie ? { cookie } : {}) },
          ...(route.method === 'GET' || route.method === 'HEAD' ? {} : { payload: {} }),
        });
        const code =
          String(res.headers['content-type'] ?? '').includes('json') && res.body
            ? (res.json() as { code?: string }).code
            : undefined;
        // HEAD answers carry no body: the status alone tells a denial.
        const denied =
          route.method === 'HEAD' ? [401, 403].includes(res.statusCode) : code !== undefined && DENIALS.has(code);
        const shouldDeny = role === undefined ? route.access !== 'public' : !roleAllows(role, route.access);
        if (denied !== shouldDeny)
          failures.push(
            `${route.method} ${route.url} as ${role ?? 'anonymous'}: ${res.statusCode} ${code ?? ''}, expected ${shouldDeny ? 'deny' : 'allow'}`,
          );
        if (res.statusCode >= 500)
          failures.push(`${route.method} ${route.url} as ${role ?? 'anonymous'}: ${res.statusCode}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
