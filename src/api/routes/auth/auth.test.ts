import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { auditVerifyCommand, hashPassword } from '#src/accounts';
import { buildApp } from '#src/api';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { createClient } from './test-client';

const PASSWORD = 'test-password-1';

describe('sign-in security, API keys, client lifecycle, subscription gating and the audit chain', () => {
  let running: RunningPlatform;
  let app: FastifyInstance;
  const ids = new Map<string, string>();

  before(async () => {
    running = await startPlatform({
      env: {
        DATA_DIR: ':memory:',
        PORT: '0',
        SIM_MARKET: 'false',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        LOGIN_MAX_FAILURES: '3',
      },
      roles: [],
    });
    app = await buildApp(running.platform);
    const passwordHash = await hashPassword(PASSWORD);
    for (const [email, role] of [
      ['super@t.test', 'super_admin'],
      ['admin@t.test', 'admin'],
      ['a@t.test', 'trader'],
      ['b@t.test', 'trader'],
      ['lock@t.test', 'trader'],
    ] as const) {
      const [u] = await running.platform.store.db
        .insert(tables.users)
        .values({ email, passwordHash, displayName: email, role, status: 'active', createdAt: 0 })
        .returning();
      ids.set(email, u?.id ?? '');
    }
  });
  after(async () => {
    await app.close();
    await running.stop();
  });

  test('locks an email after repeated failures, even for the right password', async () => {
    const c = createClient(app);
    for (let i = 0; i < 3; i++)
      assert.equal((await c.login('lock@t.test', 'wrong-password')).json().code, 'INVALID_CREDENTIALS');
    const locked = await c.login('lock@t.test', PASSWORD);
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'LOGIN_LOCKED');
  });

  test('rejects cookie-authenticated writes without Origin or the CSRF token; accepts the double-submit token', async () => {
    const c = createClient(app);
    await c.login('a@t.test', PASSWORD);
    const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const body = { name: 'k', scopes: ['read'], expiresInDays: 1 };
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { host: 'localhost', cookie, origin: 'https://evil.example' },
      payload: body,
    });
    assert.equal(forged.json().code, 'CSRF_FAILED');
    const bare = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { host: 'localhost', cookie },
      payload: body,
    });
    assert.equal(bare.json().code, 'CSRF_FAILED');
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { host: 'localhost', cookie, 'x-csrf-token': c.jar.get('mynrobo_csrf') ?? '' },
      payload: body,
    });
    assert.equal(token.statusCode, 201);
  });

  test('TOTP: enabling rotates the session, then sign-in needs a code or a recovery code (once)', async () => {
    const c = createClient(app);
    await c.login('b@t.test', PASSWORD);
    const setup = await c.post('/api/v1/me/2fa/setup');
    const secret = setup.json().secret as string;
    const before = c.jar.get('mynrobo_session');
    const enabled = await c.post('/api/v1/me/2fa/enable', { code: await generate({ secret }) });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.notEqual(c.jar.get('mynrobo_session'), before, 'session rotated on privilege change');
    const old = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `mynrobo_session=${before}` },
    });
    assert.equal(old.statusCode, 401);
    const codes = enabled.json().recoveryCodes as string[];
    const fresh = createClient(app);
    assert.equal((await fresh.login('b@t.test', PASSWORD)).json().code, 'TOTP_REQUIRED');
    assert.equal((await fresh.login('b@t.test', PASSWORD, await generate({ secret }))).statusCode, 200);
    assert.equal((await fresh.login('b@t.test', PASSWORD, codes[0])).statusCode, 200);
    assert.equal((await fresh.login('b@t.test', PASSWORD, codes[0])).json().code, 'TOTP_INVALID');
  });

  test('API keys: Bearer works within scope, cannot manage keys, and stops when revoked', async () => {
    const c = createClient(app);
    await c.login('a@t.test', PASSWORD);
    const created = await c.post('/api/v1/api-keys', { name: 'bot', scopes: ['read'], expiresInDays: 30 });
    const key = created.json().key as string;
    const auth = { authorization: `Bearer ${key}` };
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/broker-accounts', headers: auth })).statusCode, 200);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/broker-accounts',
      headers: auth,
      payload: { broker: 'paper', label: 'x', brokerClientId: 'y' },
    });
    assert.equal(write.json().code, 'FORBIDDEN', 'read scope cannot write');
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: auth })).json().code,
      'SESSION_REQUIRED',
    );
    const [stored] = await running.platform.store.db
      .select()
      .from(tables.apiKeys)
      .where(sql`${tables.apiKeys.id} = ${created.json().apiKey.id}`);
    assert.ok(stored && !stored.keyHash.includes(key) && stored.keyHash.length === 64, 'stored hashed');
    assert.equal((await c.del(`/api/v1/api-keys/${created.json().apiKey.id}`)).statusCode, 204);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/broker-accounts', headers: auth })).statusCode, 401);
  });

  test('logout everywhere ends every session of the user', async () => {
    const one = createClient(app);
    const two = createClient(app);
    await one.login('a@t.test', PASSWORD);
    await two.login('a@t.test', PASSWORD);
    assert.equal((await one.post('/api/v1/auth/logout-all')).statusCode, 204);
    assert.equal((await two.get('/api/v1/auth/me')).statusCode, 401);
  });

  test('lifecycle: suspend ends sessions, close is refused with open positions; maps need a subscription', async () => {
    const admin = createClient(app);
    const trader = createClient(app);
    await admin.login('admin@t.test', PASSWORD);
    await trader.login('a@t.test', PASSWORD);
    const a = ids.get('a@t.test');
    assert.equal(
      (await admin.post(`/api/v1/admin/users/${a}/approve`, { reason: 'x' })).json().code,
      'INVALID_TRANSITION',
    );
    assert.equal(
      (await admin.post(`/api/v1/admin/users/${a}/suspend`, { reason: 'KYC review' })).json().user.status,
      'suspended',
    );
    assert.equal((await trader.get('/api/v1/auth/me')).statusCode, 401);
    assert.equal(
      (await admin.post(`/api/v1/admin/users/${a}/reactivate`, { reason: 'KYC ok' })).json().user.status,
      'active',
    );
    assert.equal((await admin.post(`/api/v1/admin/users/${a}/notes`, { note: 'called the client' })).statusCode, 204);
    assert.equal((await admin.get(`/api/v1/admin/users/${a}`)).json().notes.length, 1);

    await trader.login('a@t.test', PASSWORD);
    const account = (
      await trader.post('/api/v1/broker-accounts', { broker: 'paper', label: 'P', brokerClientId: 'P1' })
    ).json().account;
    const db = running.platform.store.db;
    const [setting] = await db
      .insert(tables.strategySettings)
      .values({ strategyId: 'MYN_OPT', name: 'S1', underlying: 'NIFTY', params: {}, status: 'running', createdAt: 0 })
      .returning();
    const map = await admin.post('/api/v1/admin/maps', {
      settingId: setting?.id,
      accountId: account.id,
      lotMultiplier: 1,
    });
    assert.equal(map.json().code, 'SUBSCRIPTION_REQUIRED');

    const [m] = await db
      .insert(tables.strategyMaps)
      .values({
        settingId: setting?.id ?? '',
        userId: a ?? '',
        accountId: account.id,
        lotMultiplier: 1,
        active: true,
        createdAt: 0,
      })
      .returning();
    await db.insert(tables.signalWaves).values({
      id: 'w1',
      settingId: setting?.id ?? '',
      tradingDay: '2026-11-26',
      kind: 'ENTRY',
      intent: {},
      createdAt: 0,
    });
    await db.insert(tables.trades).values({
      waveId: 'w1',
      settingId: setting?.id ?? '',
      mapId: m?.id ?? '',
      userId: a ?? '',
      accountId: account.id,
      tradingDay: '2026-11-26',
      instrumentId: 'x',
      side: 'BUY',
      lots: 1,
      qtyUnits: 75,
      status: 'OPEN',
      risk: { slPct: 1, targetPct: 1 },
      route: 'paper',
      createdAt: 0,
    });
    assert.equal(
      (await admin.post(`/api/v1/admin/users/${a}/close`, { reason: 'asked' })).json().code,
      'OPEN_POSITIONS',
    );
    await db.update(tables.trades).set({ status: 'CLOSED' });
    assert.equal(
      (await admin.post(`/api/v1/admin/users/${a}/close`, { reason: 'asked' })).json().user.status,
      'closed',
    );
  });

  test('a role change needs a super admin and ends the target’s sessions', async () => {
    const admin = createClient(app);
    const superAdmin = createClient(app);
    const b = createClient(app);
    await admin.login('admin@t.test', PASSWORD);
    await superAdmin.login('super@t.test', PASSWORD);
    await b.login('lock@t.test', PASSWORD).catch(() => undefined);
    const target = ids.get('admin@t.test');
    assert.equal(
      (await admin.put(`/api/v1/admin/users/${ids.get('b@t.test')}/role`, { role: 'ops', reason: 'x' })).json().code,
      'FORBIDDEN',
    );
    assert.equal(
      (await superAdmin.put(`/api/v1/admin/users/${target}/role`, { role: 'ops', reason: 'moved team' })).json().user
        .role,
      'ops',
    );
    assert.equal((await admin.get('/api/v1/auth/me')).statusCode, 401);
  });

  test('the audit chain verifies, and tampering with one row is reported at that row', async () => {
    const db = running.platform.store.db;
    const ok = await auditVerifyCommand(db);
    assert.ok(ok.ok, ok.text);
    const actions = (await db.select({ action: tables.auditLog.action }).from(tables.auditLog)).map((r) => r.action);
    for (const a of [
      'auth.login',
      'auth.lockout',
      'auth.totp_enabled',
      'user.suspend',
      'user.role_changed',
      'api_key.created',
    ])
      assert.ok(actions.includes(a), `${a} audited`);
    const rows = await db.select().from(tables.auditLog).orderBy(tables.auditLog.id);
    const victim = rows[Math.floor(rows.length / 2)];
    await db.execute(sql`UPDATE audit_log SET data = '{"reason":"edited"}'::jsonb WHERE id = ${victim?.id}`);
    const broken = await auditVerifyCommand(db);
    assert.equal(broken.ok, false);
    assert.match(broken.text, new RegExp(`row ${victim?.id} `));
  });
});
