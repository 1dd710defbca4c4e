/** The HSM feed against the simulator: ticks, reconnects that re-read the session, and the stall watchdog. */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createFyersSim, type FyersSim, type SimQuote } from '#sim/brokers/fyers/index';
import type { BrokerSession, FeedState, MarketFeed } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import { createRealClock } from '#src/platform/clock/index';
import { readTokenClaims } from './auth';
import { parseFyersConfig } from './config';
import { createFyersFeed } from './feed';
import { createFyersSymbolResolver, fetchFyersInstruments } from './instruments';

const CE = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;
const FUT = 'NFO:NIFTY:2026-12-29:FUT' as InstrumentId;

async function until(what: string, ok: () => boolean, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Rig {
  sim: FyersSim;
  feed: MarketFeed;
  ticks: Tick[];
  states: FeedState[];
  reasons: string[];
  sessionReads: () => number;
  quotes: Map<string, SimQuote>;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.feed.close();
  await rig?.sim.close();
  rig = undefined;
});

async function start(token?: (sim: FyersSim) => string): Promise<Rig> {
  const quotes = new Map<string, SimQuote>([
    [CE, { ltpPaise: 10_005, bidPaise: 10_000, askPaise: 10_010, volume: 650 }],
  ]);
  const sim = await createFyersSim({ prices: (k) => quotes.get(k), feedIntervalMs: 50 });
  const config = parseFyersConfig({ ...sim.hosts, feedStallMs: 600, reconnectMinMs: 50, reconnectMaxMs: 200 });
  const rows = await fetchFyersInstruments({
    baseUrl: config.symbolMasterBaseUrl,
    files: ['NSE_FO', 'NSE_CM'],
    timeoutMs: 2_000,
  });
  let reads = 0;
  const ticks: Tick[] = [];
  const states: FeedState[] = [];
  const reasons: string[] = [];
  const getSession = async (): Promise<BrokerSession> => {
    reads++;
    return { accessToken: token ? token(sim) : sim.issueToken(), expiresAt: Date.now() + 3_600_000 };
  };
  const feed = createFyersFeed({
    config,
    deps: {
      credentials: { appId: sim.app.appId, appSecret: sim.app.appSecret, redirectUri: sim.app.redirectUri },
      getSession,
      symbols: createFyersSymbolResolver(rows),
      clock: createRealClock(),
      onTicks: (t) => ticks.push(...t),
      onState: (s, reason) => {
        states.push(s);
        if (reason) reasons.push(reason);
      },
    },
  });
  rig = { sim, feed, ticks, states, reasons, sessionReads: () => reads, quotes };
  return rig;
}

describe('Fyers HSM feed against the simulator', () => {
  test('streams ticks in paise for subscribed instruments and follows price changes', async () => {
    const r = await start();
    r.feed.subscribe([CE]);
    await until('a first tick', () => r.ticks.length > 0);
    assert.deepEqual({ ...r.ticks[0], ts: 0 }, { id: CE, ltp: 10_005, bid: 10_000, ask: 10_010, volume: 650, ts: 0 });
    r.quotes.set(CE, { ltpPaise: 10_100, bidPaise: 10_095, askPaise: 10_105 });
    await until('the new price', () => r.ticks.at(-1)?.ltp === 10_100);
    assert.equal(r.feed.state, 'LIVE');
  });

  test('streams the NIFTY index on its named index topic', async () => {
    const r = await start();
    const NIFTY = 'NSE_INDEX:NIFTY' as InstrumentId;
    r.quotes.set(NIFTY, { ltpPaise: 2_412_345, bidPaise: 0, askPaise: 0 });
    r.feed.subscribe([NIFTY]);
    const tick = await until('an index tick', () => r.ticks.some((t) => t.id === NIFTY)).then(() =>
      r.ticks.find((t) => t.id === NIFTY),
    );
    assert.deepEqual([tick?.ltp, tick?.bid, tick?.ask, tick?.volume], [2_412_345, 2_412_345, 2_412_345, 0]);
  });

  test('subscribes and unsubscribes while live', async () => {
    const r = await start();
    await until('LIVE', () => r.feed.state === 'LIVE');
    r.quotes.set(FUT, { ltpPaise: 2_400_000, bidPaise: 2_399_990, askPaise: 2_400_010 });
    r.feed.subscribe([FUT, CE]);
    await until('ticks for both', () => r.ticks.some((t) => t.id === FUT) && r.ticks.some((t) => t.id === CE));
    r.feed.unsubscribe([FUT]);
    await new Promise((res) => setTimeout(res, 150));
    const mark = r.ticks.length;
    await until('more CE ticks', () => r.ticks.length > mark + 2);
    assert.equal(
      r.ticks.slice(mark).some((t) => t.id === FUT),
      false,
    );
  });

  test('reconnects after the socket drops, reading the session again, and resubscribes', async () => {
    const r = await start();
    r.feed.subscribe([CE]);
    await until('a first tick', () => r.ticks.length > 0);
    const reads = r.sessionReads();
    r.sim.dropFeedSockets();
    await until('RECONNECTING', () => r.states.includes('RECONNECTING'));
    const mark = r.ticks.length;
    await until('ticks after the reconnect', () => r.ticks.length > mark && r.feed.state === 'LIVE');
    assert.ok(r.sessionReads() > reads, 'the token is read again on reconnect');
  });

  test('replaces a connection that goes silent (stall watchdog)', async () => {
    const r = await start();
    r.feed.subscribe([CE]);
    await until('a first tick', () => r.ticks.length > 0);
    r.sim.faults.set({ stallFeed: true });
    await until('the watchdog to fire', () => r.states.includes('RECONNECTING'), 3_000);
    r.sim.faults.set({ stallFeed: false });
    const mark = r.ticks.length;
    await until('ticks again', () => r.ticks.length > mark && r.feed.state === 'LIVE');
  });

  test('never goes live with a token the feed refuses, and keeps retrying with a fresh read', async () => {
    const fake = `x.${Buffer.from(JSON.stringify({ exp: 9e9, hsm_key: 'not-issued' })).toString('base64url')}.y`;
    const r = await start(() => fake);
    r.feed.subscribe([CE]);
    await until('several attempts', () => r.sessionReads() >= 3);
    assert.equal(r.states.includes('LIVE'), false);
    assert.equal(r.ticks.length, 0);
  });

  test('a logged-out token is refused by the data socket, saying so; the next session read goes live', async () => {
    let token: string | undefined;
    const r = await start((sim) => {
      token ??= sim.issueToken();
      return token;
    });
    r.feed.subscribe([CE]);
    await until('a first tick', () => r.ticks.length > 0);
    const logout = await fetch(`${r.sim.url}/api/v3/logout`, {
      method: 'POST',
      headers: { authorization: `${r.sim.app.appId}:${token}` },
    });
    assert.equal(logout.status, 200);
    r.sim.dropFeedSockets();
    await until('the refusal', () => r.reasons.some((x) => /refused the session/.test(x)));
    const logins = r.sim.feedLogins().length;
    token = r.sim.issueToken();
    const mark = r.ticks.length;
    await until('ticks on the new session', () => r.ticks.length > mark && r.feed.state === 'LIVE');
    assert.equal(r.sim.feedLogins().length, logins + 1);
    assert.equal(r.sim.feedLogins().at(-1), readTokenClaims(token)?.hsm_key);
  });
});
