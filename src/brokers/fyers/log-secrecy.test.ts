/** The adapter's logs never carry the access token, the app secret, the appIdHash or the feed key. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { createFyersSim } from '#sim/brokers/fyers/index';
import { BrokerError } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { createRealClock } from '#src/platform/clock/index';
import { appIdHash, readTokenClaims } from './auth';
import { createFyersFeed } from './feed';
import { createFyersDefinition, createFyersSymbolResolver, parseFyersConfig } from './index';

const CE = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;

test('logs nothing secret through login, orders, errors, the order stream and the feed', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // No redaction configured: this proves the adapter never hands a secret to the logger at all.
  const log = pino({ level: 'trace' }, sink);
  const sim = await createFyersSim({
    prices: (k) => (k === CE ? { ltpPaise: 100, bidPaise: 95, askPaise: 105 } : undefined),
  });
  const config = parseFyersConfig({ ...sim.hosts, requestTimeoutMs: 400, orderPollMs: 200, reconnectMinMs: 50 });
  const fyers = createFyersDefinition(config, log);
  const credentials = { appId: sim.app.appId, appSecret: sim.app.appSecret, redirectUri: sim.app.redirectUri };
  const redirect = await fetch(fyers.auth.authorizeUrl({ credentials, state: 's' }), { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('auth_code') ?? '';
  const session = await fyers.auth.exchangeCode({ credentials, code, now: Date.now() });
  const symbols = createFyersSymbolResolver((await fyers.fetchInstruments?.()) ?? []);
  const clock = createRealClock();
  const adapter = fyers.createAdapter({ session, credentials, symbols, clock, log });
  const feed = createFyersFeed({
    config,
    deps: { credentials, getSession: async () => session, symbols, clock, onTicks: () => undefined, log },
  });
  try {
    await adapter.watchOrders?.(() => undefined);
    feed.subscribe([CE]);
    const req = { instrumentId: CE, side: 'BUY', qtyUnits: 65, orderType: 'MARKET', product: 'INTRADAY' } as const;
    await adapter.createOrder({ ...req, clientOrderId: 'secrettest1' });
    sim.faults.set({ failNextWrite: 'timeout', hangMs: 1_000 });
    await assert.rejects(adapter.createOrder({ ...req, clientOrderId: 'secrettest2' }), BrokerError);
    sim.dropOrderSockets();
    sim.dropFeedSockets();
    await new Promise((r) => setTimeout(r, 400));
    sim.faults.set({ tokenExpiresAt: Date.now() });
    await assert.rejects(adapter.fetchOrders(), BrokerError);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await feed.close();
    await adapter.close();
    await sim.close();
  }
  const all = lines.join('');
  assert.ok(lines.length > 5, `expected the adapter to log its work, got ${lines.length} lines`);
  const secrets = {
    accessToken: session.accessToken,
    appSecret: credentials.appSecret,
    appIdHash: appIdHash(credentials.appId, credentials.appSecret),
    hsmKey: readTokenClaims(session.accessToken)?.hsm_key ?? 'missing-hsm-key',
    authCode: code,
  };
  for (const [name, value] of Object.entries(secrets))
    assert.equal(all.includes(value), false, `${name} reached the log`);
});
