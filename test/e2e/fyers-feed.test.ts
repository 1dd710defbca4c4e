/**
 * The feed role on a broker's data socket, end to end against the Fyers protocol simulator: the Fyers master is
 * synced into the broker symbol table, the feed role streams from the simulator's binary HSM socket on a trader's
 * Fyers account — unhealthy with the reason while the account has no session, live once the trader connects it —
 * and index and option quotes reach the LTP cache. The simulator then logs the token out; the feed says the
 * socket refused the session, the trader reconnects, and ticks resume on the new token without a restart.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import {
  createFyersSim,
  DEFAULT_SIM_INSTRUMENTS,
  type FyersSim,
  type SimQuote,
  simIndex,
  simOption,
} from '#sim/brokers/fyers/index';
import { createCryptoFromConfig } from '#src/accounts';
import type { BrokerSession } from '#src/brokers/contract';
import { readTokenClaims } from '#src/brokers/fyers';
import type { InstrumentId } from '#src/domain/instrument';
import { brokerMasterSources, createLtpCache, type FeedHealth, syncInstrumentMaster } from '#src/market';
import { DEMO_USERS } from '#src/ops';
import { CHANNELS } from '#src/platform/bus';
import { tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { ROLES, type RunningPlatform, type Stoppable, startPlatform } from '#src/roles';

const NIFTY = 'NSE_INDEX:NIFTY' as InstrumentId;
const CE = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;
const APP = { appId: 'FEEDTEST01-100', appSecret: 'feed-test-secret', fyId: 'XF0001' };
const TRADER = DEMO_USERS.find((u) => u.role === 'trader');

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port free right now, so the simulator's app can name the platform's OAuth callback before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('the feed role on the Fyers data socket (simulator)', () => {
  let sim: FyersSim;
  let running: RunningPlatform;
  let feedRole: Stoppable | undefined;
  let cookie = '';
  const quotes = new Map<string, SimQuote>([
    [NIFTY, { ltpPaise: 2_412_345, bidPaise: 0, askPaise: 0 }],
    [CE, { ltpPaise: 10_005, bidPaise: 10_000, askPaise: 10_010, volume: 650 }],
  ]);
  const health: FeedHealth[] = [];

  before(async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/api/v1/broker-accounts/oauth/callback`;
    sim = await createFyersSim({
      prices: (id) => quotes.get(id),
      apps: [{ ...APP, redirectUri }],
      feedIntervalMs: 50,
      instruments: [
        ...DEFAULT_SIM_INSTRUMENTS,
        simIndex({
          exchange: 'NSE',
          name: 'NIFTYBANK',
          underlying: 'BANKNIFTY',
          hsmName: 'Nifty Bank',
          exToken: '26009',
        }),
        simIndex({ exchange: 'BSE', name: 'SENSEX', underlying: 'SENSEX', hsmName: 'SENSEX', exToken: '1' }),
        simOption({
          exchange: 'NSE',
          underlying: 'BANKNIFTY',
          expiry: '2026-12-29',
          strike: 52000,
          optionType: 'CE',
          exToken: '36001',
          lotSize: 30,
          weekly: false,
        }),
      ],
    });
    running = await startPlatform({
      env: {
        DATA_DIR: ':memory:',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        CLOCK: 'real',
        FYERS_API_URL: sim.hosts.apiBaseUrl,
        FYERS_ORDER_SOCKET_URL: sim.hosts.orderSocketUrl,
        FYERS_DATA_SOCKET_URL: sim.hosts.dataSocketUrl,
        FYERS_SYMBOL_MASTER_URL: sim.hosts.symbolMasterBaseUrl,
      },
      roles: ['api'],
    });
    await running.platform.bus.subscribe(CHANNELS.feedHealth, (m) => health.push(m as unknown as FeedHealth));
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url ?? '' },
      body: JSON.stringify({ email: TRADER?.email, password: TRADER?.password }),
    });
    assert.equal(login.status, 200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  after(async () => {
    await feedRole?.stop();
    await running?.stop();
    await sim?.close();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: {
        cookie,
        origin: running.url ?? '',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };

  /** The trader's browser dance: the platform's authorize URL, the simulator's redirect, the platform's callback. */
  const connect = async (id: string) => {
    const started = await api('POST', `/api/v1/broker-accounts/${id}/connect`);
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const login = await fetch(new URL(String(started.json.authorizeUrl)), { redirect: 'manual' });
    assert.equal(login.status, 302);
    const redirect = new URL(login.headers.get('location') ?? '');
    const back = await fetch(`${running.url}${redirect.pathname}${redirect.search}`, {
      headers: { cookie, accept: 'application/json' },
    });
    assert.equal(back.status, 200, await back.text());
  };

  /** The access token the account's stored (encrypted) session holds. */
  const storedToken = async (id: string) => {
    const { platform } = running;
    const [row] = await platform.store.db.select().from(tables.brokerAccounts).where(eq(tables.brokerAccounts.id, id));
    assert.ok(row?.sessionEnc);
    const session = JSON.parse(createCryptoFromConfig(platform.config).decrypt(row.sessionEnc)) as BrokerSession;
    return session.accessToken;
  };

  const ltp = async (id: InstrumentId, paise: number) => {
    const tick = await createLtpCache(running.platform.bus).read(id);
    return tick?.ltp === paise ? tick : undefined;
  };

  test('no session → unhealthy with the reason; connected → index and option quotes; token logged out → reason; reconnected → ticks on the new token', {
    timeout: 120_000,
  }, async () => {
    const { platform } = running;
    // The Fyers master into the broker symbol table (the scheduler's daily job does exactly this).
    for (const source of brokerMasterSources(platform.brokers.list())) {
      const result = await syncInstrumentMaster(
        { db: platform.store.db, clock: platform.clock, log: createLogger({ level: 'silent' }) },
        source,
      );
      assert.equal(result.ok, true, JSON.stringify(result));
    }

    const created = await api('POST', '/api/v1/broker-accounts', {
      broker: 'fyers',
      label: 'Fyers data',
      brokerClientId: APP.fyId,
      credentials: { appId: APP.appId, appSecret: APP.appSecret, redirectUri: sim.app.redirectUri },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const accountId = String((created.json.account as { id: string }).id);

    // The feed role, with the source FEED_SOURCE=broker FEED_BROKER_ACCOUNT_ID=<account> builds.
    const source = platform.createFeedSource({ kind: 'broker', accountId });
    assert.equal(source.name, 'broker');
    feedRole = await ROLES.feed.start({ ...platform, createFeedSource: () => source });

    const down = await until('feed health naming the missing session', () =>
      health.find((h) => h.source === 'broker' && /has no session/.test(h.connection?.reason ?? '')),
    );
    assert.notEqual(down.connection?.state, 'LIVE');
    assert.equal(sim.feedLogins().length, 0);

    await connect(accountId);
    const first = await storedToken(accountId);
    await until('the NIFTY index from the data socket', () => ltp(NIFTY, 2_412_345));
    await platform.bus.publish(CHANNELS.demand, { owner: 'test:fyers-feed', ids: [CE] });
    const option = await until('the option quote', () => ltp(CE, 10_005));
    assert.deepEqual([option.bid, option.ask, option.volume], [10_000, 10_010, 650]);
    await until('health LIVE', () =>
      health.find((h) => h.connection?.state === 'LIVE' && h.connection.reason === null),
    );
    assert.equal(sim.feedLogins().at(-1), readTokenClaims(first)?.hsm_key);

    // The broker ends the session (logout): the socket drops and refuses the old token from now on.
    const logout = await fetch(`${sim.url}/api/v3/logout`, {
      method: 'POST',
      headers: { authorization: `${APP.appId}:${first}` },
    });
    assert.equal(logout.status, 200);
    sim.dropFeedSockets();
    await until('feed health naming the refused session', () =>
      health.find((h) => /refused the session/.test(h.connection?.reason ?? '')),
    );
    // New prices from here on can only arrive over a connection with a usable token.
    quotes.set(NIFTY, { ltpPaise: 2_420_000, bidPaise: 0, askPaise: 0 });
    quotes.set(CE, { ltpPaise: 11_000, bidPaise: 10_995, askPaise: 11_005, volume: 700 });
    assert.notEqual((await createLtpCache(platform.bus).read(NIFTY))?.ltp, 2_420_000, 'no ticks on a dead token');

    // The trader reconnects: a new token in the store, picked up by the running feed.
    await connect(accountId);
    const second = await storedToken(accountId);
    assert.notEqual(second, first);
    await until('the NIFTY index on the new token', () => ltp(NIFTY, 2_420_000));
    await until('the option on the new token', () => ltp(CE, 11_000));
    const secondKey = readTokenClaims(second)?.hsm_key;
    assert.ok(secondKey);
    assert.equal(sim.feedLogins().at(-1), secondKey, 'the simulator saw the new token');
    assert.equal(
      sim.feedLogins().filter((k) => k === readTokenClaims(first)?.hsm_key).length,
      1,
      'the logged-out token never logged in again',
    );
  });
});
