/**
 * Fyers, end to end against the embedded simulator: a demo trader connects a Fyers account through the API
 * (authorize → the simulator's login redirect → the platform callback), the next signal wave's order for that
 * account goes to the simulator tagged with our client order id and fills into the trade; the simulator then
 * refuses the token, the account (only it) falls to paper with TOKEN_EXPIRED; the trader reconnects and the next
 * wave is live again. The simulator must hold exactly one order per client order id.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { sweepExpiredTokens } from '#src/accounts';
import { istDate } from '#src/domain/calendar';
import { createLtpCache } from '#src/market';
import { DEMO_FYERS_LABEL, DEMO_USERS } from '#src/ops';
import { DEMO_SETTING_NAME } from '#src/ops/seed-demo';
import { tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { createLegResolver, createWaveFanOut } from '#src/strategies/engine';

const { brokerAccounts, orders, trades, strategySettings } = tables;
const KIRAN = DEMO_USERS.find((u) => u.email === 'kiran@mynrobo.local');

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface AccountView {
  id: string;
  broker: string;
  label: string;
  mode: string;
  effectiveMode: string;
  modeReason: string | null;
  tokenState: string;
}

describe('Fyers live trading through the embedded simulator', () => {
  let running: RunningPlatform;
  let cookie = '';
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
    return {
      status: res.status,
      headers: res.headers,
      json: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
  };

  before(async () => {
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', LOG_LEVEL: 'silent', SIM_UNDERLYINGS: 'NIFTY', NODE_ENV: 'test' },
      roles: ['executor', 'feed', 'api'],
    });
    assert.ok(running.platform.fyersSim, 'the embedded platform runs a Fyers simulator');
    const login = await fetch(`${running.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url ?? '' },
      body: JSON.stringify({ email: KIRAN?.email, password: KIRAN?.password }),
    });
    assert.equal(login.status, 200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  after(async () => {
    await running?.stop();
  });

  const account = async (id: string) => (await api('GET', `/api/v1/broker-accounts/${id}`)).json.account as AccountView;

  /** The whole browser dance: the platform's authorize URL, the simulator's redirect, the platform's callback. */
  const connect = async (id: string) => {
    const started = await api('POST', `/api/v1/broker-accounts/${id}/connect`);
    assert.equal(started.status, 200);
    const authorizeUrl = new URL(String(started.json.authorizeUrl));
    assert.equal(authorizeUrl.origin, running.platform.fyersSim?.sim.url);
    const login = await fetch(authorizeUrl, { redirect: 'manual' });
    assert.equal(login.status, 302);
    const redirect = new URL(login.headers.get('location') ?? '');
    assert.equal(redirect.pathname, '/api/v1/broker-accounts/oauth/callback');
    assert.ok(redirect.searchParams.get('auth_code'));
    // The browser would follow the redirect to this platform (the test's port is chosen at start).
    const back = await api('GET', `${redirect.pathname}${redirect.search}`);
    assert.equal(back.status, 200, JSON.stringify(back.json));
    return back.json.account as AccountView;
  };

  /** One entry wave through the strategy engine's fan-out, onto the demo setting's maps. */
  const wave = async (seq: number) => {
    const { platform } = running;
    const db = platform.store.db;
    const ltp = createLtpCache(platform.bus);
    const [setting] = await db.select().from(strategySettings).where(eq(strategySettings.name, DEMO_SETTING_NAME));
    assert.ok(setting);
    const fanOut = createWaveFanOut({
      db,
      bus: platform.bus,
      clock: platform.clock,
      log: createLogger({ level: 'silent' }),
      legs: createLegResolver({
        calendar: platform.market.calendar,
        specs: platform.market.specs,
        quotes: ltp.readMany,
      }),
    });
    const intent = {
      kind: 'ENTER' as const,
      side: 'BUY' as const,
      leg: { kind: 'OPTION' as const, optionType: 'CE' as const, strike: 'ATM' as const, skipExpiryDay: false },
      slPct: 30,
      targetPct: 60,
      reason: `test wave ${seq}`,
    };
    const r = await fanOut.enter({ setting, intent, seq });
    assert.equal(r.created, 3, 'one order per mapped account (two paper traders and Kiran)');
    return r.waveId;
  };

  const orderOf = async (waveId: string, accountId: string) => {
    const [row] = await running.platform.store.db
      .select({ order: orders, trade: trades })
      .from(orders)
      .innerJoin(trades, eq(trades.id, orders.tradeId))
      .where(and(eq(trades.waveId, waveId), eq(orders.accountId, accountId)));
    return row;
  };
  const settled = (waveId: string, accountId: string, status: string) =>
    until(`${status} order of ${waveId}`, async () => {
      const row = await orderOf(waveId, accountId);
      return row && row.order.status === status ? row : undefined;
    });

  /** The simulator's order book, read with a token of its own, as tag → count. */
  const simTags = async () => {
    const fyers = running.platform.fyersSim;
    assert.ok(fyers);
    const res = await fetch(`${fyers.sim.url}/api/v3/orders`, {
      headers: { authorization: `${fyers.credentials.appId}:${fyers.sim.issueToken(fyers.credentials.appId)}` },
    });
    const body = (await res.json()) as { orderBook?: Array<{ orderTag?: string }> };
    const counts = new Map<string, number>();
    for (const o of body.orderBook ?? []) {
      // Fyers echoes a tag as "<n>:<tag>".
      const tag = (o.orderTag ?? '').replace(/^\d+:/, '');
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return counts;
  };

  test('connect → live order at the simulator → token refused → paper (only that account) → reconnect → live', {
    timeout: 90_000,
  }, async () => {
    const { platform } = running;
    const fyers = platform.fyersSim;
    assert.ok(fyers);
    const listed = (await api('GET', '/api/v1/broker-accounts')).json.accounts as AccountView[];
    const kiran = listed.find((a) => a.broker === 'fyers');
    assert.ok(kiran, 'the demo trader has a Fyers account');
    assert.equal(kiran.label, DEMO_FYERS_LABEL);
    assert.deepEqual([kiran.mode, kiran.effectiveMode, kiran.modeReason], ['live', 'paper', 'NOT_CONNECTED']);

    // A second Fyers account of the same trader, connected live but on no strategy: it must not be touched.
    const created = await api('POST', '/api/v1/broker-accounts', {
      broker: 'fyers',
      label: 'Fyers spare',
      brokerClientId: 'XD0002',
      credentials: fyers.credentials,
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const spareId = (created.json.account as AccountView).id;
    await api('PATCH', `/api/v1/broker-accounts/${spareId}`, { mode: 'live' });
    assert.equal((await connect(spareId)).effectiveMode, 'live');

    const connected = await connect(kiran.id);
    assert.deepEqual([connected.tokenState, connected.effectiveMode], ['CONNECTED', 'live']);

    const indexId = platform.market.specs.indexId('NIFTY');
    await until('a NIFTY quote from the simulated exchange', () => createLtpCache(platform.bus).read(indexId));

    // Wave 1: Kiran's order goes to the simulator, tagged with our client order id, and fills into the trade.
    const w1 = await wave(1);
    const first = await settled(w1, kiran.id, 'FILLED');
    assert.equal(first.order.route, 'live');
    assert.ok(first.order.brokerOrderId);
    assert.equal(first.trade.status, 'OPEN');
    assert.ok((first.trade.entryPricePaise ?? 0) > 0);
    assert.equal((await simTags()).get(first.order.clientOrderId), 1);

    // The simulator stops accepting every token; the next live call finds out.
    fyers.sim.faults.set({ tokenExpiresAt: platform.clock.now() });
    const w2 = await wave(2);
    const refused = await settled(w2, kiran.id, 'REJECTED');
    assert.equal(refused.order.route, 'live');
    assert.match(refused.order.rejectReason ?? '', /TOKEN_EXPIRED/);
    const expired = await until('Kiran forced to paper', async () => {
      const a = await account(kiran.id);
      return a.effectiveMode === 'paper' ? a : undefined;
    });
    assert.deepEqual([expired.mode, expired.modeReason, expired.tokenState], ['live', 'TOKEN_EXPIRED', 'EXPIRED']);
    const spare = await account(spareId);
    assert.deepEqual([spare.effectiveMode, spare.tokenState], ['live', 'CONNECTED'], 'only the refused account moves');

    // A wave while expired trades Kiran on paper.
    const w3 = await wave(3);
    const paper = await settled(w3, kiran.id, 'FILLED');
    assert.deepEqual([paper.order.route, paper.order.routeReason], ['paper', 'TOKEN_EXPIRED']);

    // Reconnect (the broker accepts tokens again): live again, and the next wave's order reaches the simulator.
    fyers.sim.faults.set({ tokenExpiresAt: null });
    const again = await connect(kiran.id);
    assert.deepEqual([again.tokenState, again.effectiveMode, again.modeReason], ['CONNECTED', 'live', null]);
    const w4 = await wave(4);
    const live = await settled(w4, kiran.id, 'FILLED');
    assert.equal(live.order.route, 'live');
    assert.equal(live.trade.status, 'OPEN');

    const tags = await simTags();
    assert.deepEqual(
      [...tags.entries()].sort(),
      [
        [first.order.clientOrderId, 1],
        [live.order.clientOrderId, 1],
      ].sort(),
      'exactly one simulator order per live client order id, none for the refused or paper ones',
    );
    assert.equal(fyers.sim.orderCount(), 2);
    const day = istDate(platform.clock.now());
    const paperTraders = await platform.store.db
      .select({ route: orders.route })
      .from(orders)
      .innerJoin(brokerAccounts, eq(brokerAccounts.id, orders.accountId))
      .where(eq(brokerAccounts.broker, 'paper'));
    assert.equal(paperTraders.length, 8, `two paper traders × four waves on ${day}`);
    assert.ok(paperTraders.every((o) => o.route === 'paper'));
  });

  test('the daily sweep at the session expiry forces the account to paper; the next wave trades it on paper', {
    timeout: 30_000,
  }, async () => {
    const { platform } = running;
    const db = platform.store.db;
    const [kiran] = (await db.select().from(brokerAccounts).where(eq(brokerAccounts.label, DEMO_FYERS_LABEL))).map(
      (a) => a.id,
    );
    assert.ok(kiran);
    const view = await account(kiran);
    assert.equal(view.effectiveMode, 'live', 'still connected from the previous test');
    const expiresAt = (await db.select().from(brokerAccounts).where(eq(brokerAccounts.id, kiran)))[0]?.tokenExpiresAt;
    assert.ok(expiresAt && expiresAt > platform.clock.now());
    // The session ends by the daily rule (03:00 IST) or the token's own expiry, whichever is first.
    assert.ok(expiresAt - platform.clock.now() <= 24 * 3_600_000);
    const bus = platform.bus;
    assert.deepEqual(await sweepExpiredTokens({ db, bus }, expiresAt - 1), []);
    const moved = await sweepExpiredTokens({ db, bus }, expiresAt);
    assert.ok(moved.some((e) => e.accountId === kiran && e.reason === 'TOKEN_EXPIRED'));
    assert.ok(moved.every((e) => e.effectiveMode === 'paper' && e.reason === 'TOKEN_EXPIRED'));
    const w = await wave(5);
    const row = await settled(w, kiran, 'FILLED');
    assert.deepEqual([row.order.route, row.order.routeReason], ['paper', 'TOKEN_EXPIRED']);
  });
});
