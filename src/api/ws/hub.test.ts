import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { Tick } from '#src/domain/market/tick';
import { encodeTickBatch } from '#src/market';
import { CHANNELS } from '#src/platform/bus';
import { type RunningPlatform, startPlatform } from '#src/roles';

const OPTION = 'NFO:NIFTY:2026-12-08:CE:24000';

interface Received {
  frames: Array<Record<string, unknown>>;
  closed: Promise<number>;
}

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `login ${email}`);
  const cookie = res.headers.get('set-cookie');
  assert.ok(cookie);
  return cookie.split(';')[0] ?? '';
}

function open(url: string, cookie?: string): Promise<{ ws: WebSocket } & Received> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream`, { headers: cookie ? { cookie } : {} });
  const frames: Array<Record<string, unknown>> = [];
  ws.on('message', (raw: Buffer) => frames.push(JSON.parse(raw.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, ms = 3_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
const ofType = (r: Received, type: string) => r.frames.filter((f) => f.type === type);

describe('WebSocket hub at /api/v1/stream', () => {
  let running: RunningPlatform;
  let url: string;
  before(async () => {
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
      roles: ['api'],
    });
    url = running.url ?? '';
  });
  after(async () => {
    await sleep(300);
    await running?.stop();
  });

  const tick = (ltpPaise: number): Tick =>
    ({ id: OPTION, ltp: ltpPaise, bid: ltpPaise, ask: ltpPaise, volume: 0, ts: running.platform.clock.now() }) as Tick;
  const publish = (ticks: Tick[]) => running.platform.bus.publish(CHANNELS.ticks, encodeTickBatch(ticks));

  test('an unauthenticated socket cannot subscribe: it is closed with 4401 before any frame', async () => {
    const anon = await open(url);
    anon.ws.send(JSON.stringify({ type: 'subscribe', channels: ['ltp', 'pnl'], instruments: [OPTION] }));
    assert.equal(await anon.closed, 4401);
    assert.deepEqual(anon.frames, []);
  });

  test("a trader cannot subscribe to another trader's P&L channel, nor to admin channels", async () => {
    const asha = await open(url, await login(url, 'asha@mynrobo.local', 'trader-demo-1'));
    const ravi = await open(url, await login(url, 'ravi@mynrobo.local', 'trader-demo-2'));
    await until(() => ofType(ravi, 'hello').length === 1, 'hello');
    const raviId = (ofType(ravi, 'hello')[0]?.user as { id: string } | undefined)?.id;
    assert.ok(raviId);
    asha.ws.send(JSON.stringify({ type: 'subscribe', channels: [`pnl:${raviId}`, 'ops.feed', 'pnl'] }));
    await until(() => ofType(asha, 'subscribed').length === 1, 'ack');
    const errors = ofType(asha, 'error');
    assert.deepEqual(
      errors.map((e) => [e.code, e.channel]),
      [
        ['FORBIDDEN', `pnl:${raviId}`],
        ['FORBIDDEN', 'ops.feed'],
      ],
    );
    assert.deepEqual(ofType(asha, 'subscribed')[0]?.channels, ['pnl']);
    await sleep(600);
    assert.ok(ofType(asha, 'pnl').length >= 1, 'own P&L flows');
    assert.ok(
      ofType(asha, 'pnl').every((f) => f.userId !== raviId),
      "no frame carries the other trader's P&L",
    );
    asha.ws.send('not json');
    asha.ws.send(JSON.stringify({ type: 'subscribe', channels: ['everything'] }));
    await until(() => ofType(asha, 'error').length === 4, 'validation errors');
    assert.deepEqual(
      ofType(asha, 'error')
        .slice(2)
        .map((e) => e.code),
      ['INVALID_JSON', 'INVALID_MESSAGE'],
    );
    asha.ws.close();
    ravi.ws.close();
  });

  test('conflation delivers the latest value at most N (4) times per second', async () => {
    const c = await open(url, await login(url, 'asha@mynrobo.local', 'trader-demo-1'));
    c.ws.send(JSON.stringify({ type: 'subscribe', channels: ['ltp'], instruments: [OPTION] }));
    await until(() => ofType(c, 'subscribed').length === 1, 'ack');
    const startAt = Date.now();
    let ltp = 10_000;
    while (Date.now() - startAt < 2_000) {
      await publish([tick(++ltp)]);
      await sleep(5);
    }
    const elapsedS = (Date.now() - startAt) / 1_000;
    await sleep(400);
    const updates = ofType(c, 'ltp').filter((f) => f.snapshot !== true);
    const published = ltp - 10_000;
    assert.ok(published > 100, `published ${published} ticks`);
    assert.ok(updates.length <= Math.ceil(4 * elapsedS) + 2, `${updates.length} frames in ${elapsedS}s`);
    assert.ok(updates.length >= 4, `${updates.length} frames`);
    const last = updates.at(-1)?.quotes as Record<string, { ltpPaise: number; isStale: boolean }>;
    assert.equal(last[OPTION]?.ltpPaise, ltp, 'the last frame carries the latest value');
    c.ws.close();
  });

  test('a reconnecting client resumes with a snapshot of what it watches', async () => {
    const cookie = await login(url, 'asha@mynrobo.local', 'trader-demo-1');
    await publish([tick(12_345)]);
    await sleep(300);
    const c = await open(url, cookie);
    c.ws.send(JSON.stringify({ type: 'subscribe', channels: ['ltp'], instruments: [OPTION] }));
    await until(() => ofType(c, 'ltp').length >= 1, 'snapshot');
    const first = ofType(c, 'ltp')[0];
    assert.equal(first?.snapshot, true);
    const quotes = first?.quotes as Record<string, { ltpPaise: number }> | undefined;
    assert.equal(quotes?.[OPTION]?.ltpPaise, 12_345);
    c.ws.close();
  });

  test('heartbeat: the server answers ping messages and pings the socket', async () => {
    const c = await open(url, await login(url, 'ravi@mynrobo.local', 'trader-demo-2'));
    c.ws.send(JSON.stringify({ type: 'ping' }));
    await until(() => ofType(c, 'pong').length === 1, 'pong');
    c.ws.close();
  });

  test("admins see feed health with stale instruments live, strategy events, and may watch a trader's P&L", async () => {
    const ravi = await open(url, await login(url, 'ravi@mynrobo.local', 'trader-demo-2'));
    await until(() => ofType(ravi, 'hello').length === 1, 'hello');
    const raviId = (ofType(ravi, 'hello')[0]?.user as { id: string } | undefined)?.id;
    ravi.ws.close();
    const admin = await open(url, await login(url, 'admin@mynrobo.local', 'admin-demo-1'));
    admin.ws.send(
      JSON.stringify({ type: 'subscribe', channels: ['ops.feed', 'ops.strategy', 'ops.orders', `pnl:${raviId}`] }),
    );
    await until(() => ofType(admin, 'subscribed').length === 1, 'ack');
    assert.deepEqual(ofType(admin, 'error'), []);
    const health = { source: 'sim', state: 'STALLED', staleCount: 1, stale: [{ id: OPTION, ageMs: 12_000 }] };
    await running.platform.bus.publish(CHANNELS.feedHealth, health);
    await running.platform.bus.publish(CHANNELS.strategyEvents, { kind: 'WAVE', settingId: 's1' });
    await until(() => ofType(admin, 'feed').length === 1 && ofType(admin, 'strategy').length === 1, 'ops frames');
    assert.deepEqual(ofType(admin, 'feed')[0]?.health, health);
    await until(() => ofType(admin, 'pnl').some((f) => f.userId === raviId), "the trader's P&L");
    admin.ws.close();
  });

  test('a quote that stops ticking is flagged stale to clients while the session is open, and clears on the next tick', async (t) => {
    const { clock, market } = running.platform;
    // The demo clock starts at 09:14 IST of a trading day and runs 40x, so NFO is open by the time this runs.
    if (!market.calendar.isOpen('NFO', clock.now())) return t.skip('NFO session not open on the demo clock');
    const c = await open(url, await login(url, 'asha@mynrobo.local', 'trader-demo-1'));
    const STALE_ID = 'NFO:NIFTY:2026-12-08:PE:23000';
    const quote = (f: Record<string, unknown>) =>
      (f.quotes as Record<string, { isStale: boolean; ltpPaise: number }>)[STALE_ID];
    c.ws.send(JSON.stringify({ type: 'subscribe', channels: ['ltp'], instruments: [STALE_ID] }));
    await until(() => ofType(c, 'subscribed').length === 1, 'ack');
    const p = (n: number) => ({ id: STALE_ID, ltp: n, bid: n, ask: n, volume: 0, ts: clock.now() }) as unknown as Tick;
    // NFO's threshold is 10 s of market time: a quarter second of wall time on the 40x demo clock, as long as the
    // 4 Hz send interval. So a live quote keeps ticking (every 2 s of market time) until the client has it; a
    // single tick could already be 10 s old when its frame is built.
    const tickUntil = async (n: number, check: () => boolean, what: string) => {
      const ticking = setInterval(() => void publish([p(n)]), 50);
      try {
        await publish([p(n)]);
        await until(check, what);
      } finally {
        clearInterval(ticking);
      }
    };
    await tickUntil(5_000, () => ofType(c, 'ltp').some((f) => quote(f)?.isStale === false), 'a live quote');
    await until(() => ofType(c, 'ltp').some((f) => quote(f)?.isStale === true), 'the stale flag', 5_000);
    await tickUntil(5_005, () => quote(ofType(c, 'ltp').at(-1) ?? {})?.ltpPaise === 5_005, 'the fresh quote');
    assert.equal(quote(ofType(c, 'ltp').at(-1) ?? {})?.isStale, false, 'the fresh tick cleared the flag');
    c.ws.close();
  });
});
