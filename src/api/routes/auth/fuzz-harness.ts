import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createSessionStore, hashPassword, ROLES, type Role, type SessionStore } from '#src/accounts';
import { buildApp } from '#src/api';
import type { RouteRegistry } from '#src/api/plugins/auth';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';

const KEYS = [
  'email',
  'password',
  'displayName',
  'token',
  'code',
  'state',
  'name',
  'scopes',
  'expiresInDays',
  'broker',
  'label',
  'brokerClientId',
  'credentials',
  'mode',
  'reason',
  'note',
  'role',
  'userId',
  'planId',
  'days',
  'graceDays',
  'settingId',
  'accountId',
  'lotMultiplier',
  'active',
  'halted',
  'limit',
  'offset',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.emailAddress(),
  fc.constantFrom('paper', 'live', 'fyers', 'read', 'trade', 'admin', '-1', '1e309', '\u0000', '../../etc'),
);
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...KEYS), scalar, { maxKeys: 3 }),
);
const body = fc.oneof(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }), value, fc.constant(undefined));
const param = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom('approve', 'close', 'x'),
);

// Test support (not exported from the API door): the four api-fuzz-*.test.ts files share it, so that together
// they send 10,000 requests while each file stays inside the runner's per-file time limit.

/** Fuzzes every REST route with generated params, queries and bodies, as anonymous or as a signed-in role. */
export function describeApiFuzz(opts: { runs: number; audience: 'anonymous' | readonly Role[] }) {
  const RUNS = opts.runs;
  describe(`API fuzz (${opts.audience === 'anonymous' ? 'anonymous' : opts.audience.join(', ')}): generated bodies, params and queries never produce a 5xx`, () => {
    let running: RunningPlatform;
    let app: FastifyInstance;
    let sessions: SessionStore;
    const registry: RouteRegistry = { routes: [] };
    const userIds: string[] = [];

    before(async () => {
      running = await startPlatform({
        env: { DATA_DIR: ':memory:', PORT: '0', SIM_MARKET: 'false', LOG_LEVEL: 'silent', SEED_DEMO: 'false' },
        roles: [],
      });
      app = await buildApp(running.platform, { registry });
      await app.ready();
      sessions = createSessionStore({ db: running.platform.store.db, clock: running.platform.clock, ttlMs: 600_000 });
      const passwordHash = await hashPassword('fuzz-password-1');
      for (const role of ROLES) {
        const [u] = await running.platform.store.db
          .insert(tables.users)
          .values({ email: `${role}@fuzz.test`, passwordHash, displayName: role, role, status: 'active', createdAt: 0 })
          .returning({ id: tables.users.id });
        userIds.push(u?.id ?? '');
      }
    });
    after(async () => {
      await app.close();
      await running.stop();
    });

    test(`answers ${RUNS} generated requests across public and authenticated routes with 2xx or 4xx problem+json`, {
      timeout: 900_000,
    }, async () => {
      // The WebSocket stream is not a REST route (a plain GET is not an upgrade); the docs UI serves static files.
      const routes = registry.routes.filter(
        (r) => r.method !== 'HEAD' && !r.url.startsWith('/docs') && r.url !== '/api/v1/stream',
      );
      assert.ok(routes.length >= 40);
      let count = 0;
      const tokens = new Map<number, string>();
      const sessionFor = async (who: number) => {
        let token = tokens.get(who);
        if (!token) {
          token = (await sessions.create(userIds[who] ?? '')).token;
          tokens.set(who, token);
        }
        return token;
      };
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.nat(routes.length - 1),
          fc.array(param, { minLength: 3, maxLength: 3 }),
          fc.dictionary(fc.constantFrom(...KEYS), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
          body,
          opts.audience === 'anonymous'
            ? fc.constant(-1)
            : fc.constantFrom(...opts.audience.map((r) => ROLES.indexOf(r))),
          async (routeIndex, params, query, payload, who) => {
            const route = routes[routeIndex];
            if (!route) return;
            let i = 0;
            const url = route.url.replace(/:[A-Za-z]+|\*/g, () => params[i++ % 3] ?? 'x');
            const cookie = who >= 0 ? `mynrobo_session=${await sessionFor(who)}` : undefined;
            const request = app.inject({
              method: route.method as 'POST',
              url,
              query,
              headers: { host: 'localhost', origin: 'http://localhost', ...(cookie ? { cookie } : {}) },
              ...(payload === undefined || route.method === 'GET' ? {} : { payload: payload as object }),
            });
            // A request that never answers is a failure too, reported with what was sent.
            let timer: NodeJS.Timeout | undefined;
            const timeout = new Promise<never>((_, reject) => {
              timer = setTimeout(
                () =>
                  reject(new Error(`no answer in 10 s: ${route.method} ${url} who=${who} ${JSON.stringify(payload)}`)),
                10_000,
              );
            });
            const res = await Promise.race([request, timeout]).finally(() => clearTimeout(timer));
            count++;
            // Sign-out routes end the session they were called with.
            if (who >= 0 && /\/logout/.test(url)) tokens.delete(who);
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            assert.ok(res.statusCode < 500, `${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
            if (res.statusCode >= 400) {
              assert.match(String(res.headers['content-type']), /application\/problem\+json/, `${route.method} ${url}`);
              assert.equal(typeof res.json().code, 'string');
            }
          },
        ),
        { numRuns: RUNS },
      );
      assert.equal(count, RUNS);
      assert.ok(
        [...statuses.keys()].some((s) => s < 300),
        `some requests succeeded: ${JSON.stringify([...statuses])}`,
      );
    });
  });
}
