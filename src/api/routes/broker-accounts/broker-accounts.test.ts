import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '#src/accounts';
import { buildApp } from '#src/api';
import { type BrokerDefinition, BrokerError } from '#src/brokers/contract';
import { paperCapabilities } from '#src/brokers/paper';
import { createBrokerRegistry, paper } from '#src/brokers/registry';
import { CHANNELS, type Json } from '#src/platform/bus';
import { tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { createClient } from '../auth/test-client';

const APP_SECRET = 'APP-SECRET-7f3c9d';
const ACCESS_TOKEN = 'ACCESS-TOKEN-91be44';
const TOKEN_TTL_MS = 1_500;

/** A broker's token endpoint: a real HTTP server that accepts code "good" with the right app secret. */
async function startBrokerDouble(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const { code, secret } = JSON.parse(body || '{}') as { code?: string; secret?: string };
      const ok = req.url === '/token' && code === 'good' && secret === APP_SECRET;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: ACCESS_TOKEN } : { error: 'refused' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { server, base: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` };
}

function doubleDefinition(base: string): BrokerDefinition {
  return {
    id: 'fyers',
    label: 'Broker double',
    capabilities: { ...paperCapabilities, sessionExpiry: { kind: 'DAILY_AT_IST', time: '03:00' } },
    config: {},
    auth: {
      authorizeUrl: ({ credentials, state }) =>
        `${base}/authorize?client_id=${credentials.appId}&state=${encodeURIComponent(state)}`,
      async exchangeCode({ credentials, code, now }) {
        const r = await fetch(`${base}/token`, {
          method: 'POST',
          body: JSON.stringify({ code, secret: credentials.appSecret }),
        });
        if (!r.ok) throw new BrokerError('AUTH_FAILED', 'fyers', 'refused');
        const j = (await r.json()) as { access_token: string };
        return { accessToken: j.access_token, expiresAt: now + TOKEN_TTL_MS };
      },
    },
    createAdapter: () => {
      throw new BrokerError('NOT_SUPPORTED', 'fyers', 'test double');
    },
  };
}

describe('broker accounts: encrypted credentials, OAuth connect, token expiry to paper, row-level access', () => {
  let running: RunningPlatform;
  let app: FastifyInstance;
  let broker: Awaited<ReturnType<typeof startBrokerDouble>>;
  const logLines: string[] = [];
  const bodies: string[] = [];
  const modeEvents: Array<{ at: number; event: Record<string, Json> }> = [];

  before(async () => {
    broker = await startBrokerDouble();
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    running = await startPlatform({
      env: {
        DATA_DIR: ':memory:',
        PORT: '0',
        SIM_MARKET: 'false',
        CLOCK: 'real',
        SEED_DEMO: 'false',
        TOKEN_SWEEP_MS: '100',
      },
      roles: ['scheduler'],
      overrides: { log: createLogger({ level: 'trace', destination }) },
    });
    app = await buildApp(running.platform, { brokers: createBrokerRegistry([paper, doubleDefinition(broker.base)]) });
    app.addHook('onSend', async (_req, _reply, payload) => {
      if (typeof payload === 'string') bodies.push(payload);
      return payload;
    });
    await running.platform.bus.subscribe(CHANNELS.accountMode, (m) =>
      modeEvents.push({ at: Date.now(), event: m as Record<string, Json> }),
    );
    const db = running.platform.store.db;
    const passwordHash = await hashPassword('test-password-1');
    for (const [email, role] of [
      ['admin@t.test', 'admin'],
      ['t1@t.test', 'trader'],
      ['t2@t.test', 'trader'],
      ['t3@t.test', 'trader'],
    ] as const)
      await db
        .insert(tables.users)
        .values({ email, passwordHash, displayName: email, role, status: 'active', createdAt: 0 });
  });
  after(async () => {
    await app.close();
    await running.stop();
    broker.server.close();
  });

  test('goes live on connect, to paper with TOKEN_EXPIRED within 1 s of expiry, and back on reconnect', async () => {
    const admin = createClient(app);
    const t1 = createClient(app);
    const t2 = createClient(app);
    for (const [c, email] of [
      [admin, 'admin@t.test'],
      [t1, 't1@t.test'],
      [t2, 't2@t.test'],
    ] as const)
      assert.equal((await c.login(email, 'test-password-1')).statusCode, 200);
    const [u1] = await running.platform.store.db.select().from(tables.users).where(eqEmail('t1@t.test'));

    const created = await t1.post('/api/v1/broker-accounts', {
      broker: 'fyers',
      label: 'Main',
      brokerClientId: 'XA1234',
      credentials: { appId: 'APP-1', appSecret: APP_SECRET, redirectUri: 'http://localhost/cb' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = (created.json() as { account: { id: string } }).account.id;
    const live = await t1.patch(`/api/v1/broker-accounts/${id}`, { mode: 'live' });
    assert.equal(live.json().account.modeReason, 'SUBSCRIPTION_INACTIVE');

    const plan = await admin.post('/api/v1/admin/plans', {
      name: 'Pro',
      pricePaise: 99_900,
      periodDays: 30,
      strategyIds: [],
      maxBrokerAccounts: 2,
      maxLotMultiplier: 3,
      active: true,
    });
    assert.equal(plan.statusCode, 201, plan.body);
    const sub = await admin.post('/api/v1/admin/subscriptions', { userId: u1?.id, planId: plan.json().plan.id });
    assert.equal(sub.statusCode, 201, sub.body);
    assert.equal((await t1.get(`/api/v1/broker-accounts/${id}`)).json().account.modeReason, 'NOT_CONNECTED');

    const connect = await t1.post(`/api/v1/broker-accounts/${id}/connect`);
    const state = new URL(connect.json().authorizeUrl as string).searchParams.get('state') ?? '';
    const refused = await t1.get(`/api/v1/broker-accounts/oauth/callback?code=bad&state=${encodeURIComponent(state)}`);
    assert.equal(refused.json().code, 'BROKER_AUTH_FAILED');
    const state2 =
      new URL((await t1.post(`/api/v1/broker-accounts/${id}/connect`)).json().authorizeUrl).searchParams.get('state') ??
      '';
    const callback = await t1.get(
      `/api/v1/broker-accounts/oauth/callback?code=good&state=${encodeURIComponent(state2)}`,
    );
    assert.equal(callback.statusCode, 200, callback.body);
    assert.equal(callback.json().account.effectiveMode, 'live');
    const connectedAt = Date.now();
    const replay = await t1.get(`/api/v1/broker-accounts/oauth/callback?code=good&state=${encodeURIComponent(state2)}`);
    assert.equal(replay.json().code, 'STATE_INVALID', 'a state works once');

    const expiresAt = callback.json().account.tokenExpiresAt as number;
    assert.ok(expiresAt <= connectedAt + TOKEN_TTL_MS);
    const expired = await waitFor(
      () => modeEvents.find((e) => e.event.accountId === id && e.event.reason === 'TOKEN_EXPIRED'),
      4_000,
    );
    assert.ok(expired.at - expiresAt <= 1_000, `bus saw TOKEN_EXPIRED ${expired.at - expiresAt} ms after expiry`);
    const view = (await t1.get(`/api/v1/broker-accounts/${id}`)).json().account;
    assert.deepEqual([view.effectiveMode, view.modeReason, view.tokenState], ['paper', 'TOKEN_EXPIRED', 'EXPIRED']);

    const again =
      new URL((await t1.post(`/api/v1/broker-accounts/${id}/connect`)).json().authorizeUrl).searchParams.get('state') ??
      '';
    const back = await t1.get(`/api/v1/broker-accounts/oauth/callback?code=good&state=${encodeURIComponent(again)}`);
    assert.equal(back.json().account.effectiveMode, 'live', 'reconnecting brings the chosen live mode back');

    // Row level: another trader can neither see nor change the account.
    assert.equal((await t2.get(`/api/v1/broker-accounts/${id}`)).statusCode, 404);
    assert.equal((await t2.post(`/api/v1/broker-accounts/${id}/disconnect`)).statusCode, 404);
    assert.deepEqual((await t2.get('/api/v1/broker-accounts')).json().accounts, []);

    const cancel = await admin.post(`/api/v1/admin/subscriptions/${sub.json().subscription.id}/cancel`, {
      reason: 'unpaid',
    });
    assert.equal(cancel.statusCode, 200);
    assert.equal((await t1.get(`/api/v1/broker-accounts/${id}`)).json().account.modeReason, 'SUBSCRIPTION_INACTIVE');
  });

  test('never shows a broker secret or token in any API response or log line, and stores them encrypted', async () => {
    const [row] = await running.platform.store.db.select().from(tables.brokerAccounts);
    assert.ok(row?.credentialsEnc?.startsWith('enc1.'));
    assert.ok(!`${row?.credentialsEnc}${row?.sessionEnc}`.includes(APP_SECRET));
    assert.ok(bodies.length > 10 && logLines.length > 10);
    for (const secret of [APP_SECRET, ACCESS_TOKEN]) {
      assert.equal(bodies.filter((b) => b.includes(secret)).length, 0, `${secret} in a response`);
      assert.equal(logLines.filter((l) => l.includes(secret)).length, 0, `${secret} in a log line`);
    }
  });

  test('sends a browser back to the accounts page after the broker login, with the account or the error code', async () => {
    const t3 = createClient(app);
    assert.equal((await t3.login('t3@t.test', 'test-password-1')).statusCode, 200);
    const created = await t3.post('/api/v1/broker-accounts', {
      broker: 'fyers',
      label: 'Browser',
      brokerClientId: 'XB0001',
      credentials: { appId: 'APP-3', appSecret: APP_SECRET, redirectUri: 'http://localhost/cb' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().account.id as string;
    const newState = async () =>
      encodeURIComponent(
        new URL((await t3.post(`/api/v1/broker-accounts/${id}/connect`)).json().authorizeUrl).searchParams.get(
          'state',
        ) ?? '',
      );
    // What a browser sends when it follows the broker's redirect; no session cookie is needed.
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const anonymous = createClient(app);
    const callback = (query: string, headers?: Record<string, string>) =>
      anonymous.get(`/api/v1/broker-accounts/oauth/callback?${query}`, headers);

    const refused = await callback(`code=bad&state=${await newState()}`, browser);
    assert.deepEqual([refused.statusCode, refused.headers.location], [303, '/accounts/?error=BROKER_AUTH_FAILED']);
    const state = await newState();
    const ok = await callback(`code=good&state=${state}`, browser);
    assert.deepEqual([ok.statusCode, ok.headers.location], [303, `/accounts/?connected=${id}`]);
    assert.equal((await t3.get(`/api/v1/broker-accounts/${id}`)).json().account.tokenState, 'CONNECTED');
    const replay = await callback(`code=good&state=${state}`, browser);
    assert.equal(replay.headers.location, '/accounts/?error=STATE_INVALID');
    // A cancelled login comes back without a code: the query fails validation before the handler runs.
    const noCode = await callback(`state=${await newState()}`, browser);
    assert.deepEqual([noCode.statusCode, noCode.headers.location], [303, '/accounts/?error=VALIDATION_FAILED']);

    // API clients keep the problem+json answer for the same failures.
    const apiReplay = await callback(`code=good&state=${state}`, { accept: 'application/json' });
    assert.equal(apiReplay.statusCode, 400);
    assert.match(String(apiReplay.headers['content-type']), /^application\/problem\+json/);
    assert.equal(apiReplay.json().code, 'STATE_INVALID');
    const apiNoCode = await callback(`state=${await newState()}`);
    assert.deepEqual([apiNoCode.statusCode, apiNoCode.json().code], [400, 'VALIDATION_FAILED']);
  });
});

function eqEmail(email: string) {
  return sql`${tables.users.email} = ${email}`;
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = find();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
