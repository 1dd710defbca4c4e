import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFyersSim } from '#sim/brokers/fyers/index';
import { BrokerError } from '#src/brokers/contract';
import { appIdHash, createFyersAuth, nextIstTime, readTokenClaims, tokenExpiresAt } from './auth';
import { parseFyersConfig } from './config';

const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
const IST = (iso: string) => Date.parse(`${iso}+05:30`);

describe('Fyers login (reference §1.1)', () => {
  test('hashes "<appId>:<secret>" with sha256 for appIdHash', () => {
    assert.equal(
      appIdHash('SPXXXXE7-100', 'mysecret'),
      'b0fac863430727cc6fc190c6d04843e92feb2270775a3c03a941cbe37dd666a0',
    );
  });

  test('builds the generate-authcode URL with client_id, redirect_uri, response_type=code and state', () => {
    const auth = createFyersAuth({ config: parseFyersConfig() });
    const credentials = { appId: 'SPXXXXE7-100', appSecret: 's', redirectUri: 'https://app.example/cb?x=1' };
    const url = new URL(auth.authorizeUrl({ credentials, state: 'signed.state' }));
    assert.equal(`${url.origin}${url.pathname}`, 'https://api-t1.fyers.in/api/v3/generate-authcode');
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: 'SPXXXXE7-100',
      redirect_uri: 'https://app.example/cb?x=1',
      response_type: 'code',
      state: 'signed.state',
    });
    assert.equal(url.searchParams.has('appSecret'), false);
  });

  test('finds the next 03:00 IST after a given instant', () => {
    assert.equal(nextIstTime(IST('2026-07-21T02:00:00'), '03:00'), IST('2026-07-21T03:00:00'));
    assert.equal(nextIstTime(IST('2026-07-21T03:00:00'), '03:00'), IST('2026-07-22T03:00:00'));
    assert.equal(nextIstTime(IST('2026-07-21T23:59:00'), '03:00'), IST('2026-07-22T03:00:00'));
  });

  test('expires a session at the JWT exp or the 03:00 IST backstop, whichever is earlier', () => {
    const now = IST('2026-07-21T09:00:00');
    const early = jwt({ exp: IST('2026-07-21T23:00:00') / 1000, hsm_key: 'k' });
    const late = jwt({ exp: IST('2026-07-22T08:00:00') / 1000 });
    assert.equal(tokenExpiresAt(early, now, '03:00'), IST('2026-07-21T23:00:00'));
    assert.equal(tokenExpiresAt(late, now, '03:00'), IST('2026-07-22T03:00:00'));
    assert.equal(tokenExpiresAt('not-a-jwt', now, '03:00'), IST('2026-07-22T03:00:00'));
    assert.equal(readTokenClaims(early)?.hsm_key, 'k');
  });

  test('exchanges an auth code at the simulator, refuses a wrong secret and a reused code, and logs out', async () => {
    const sim = await createFyersSim({ prices: () => undefined });
    try {
      const auth = createFyersAuth({ config: parseFyersConfig(sim.hosts) });
      const credentials = { appId: sim.app.appId, appSecret: sim.app.appSecret, redirectUri: sim.app.redirectUri };
      const codeFor = async () => {
        const res = await fetch(auth.authorizeUrl({ credentials, state: 'st' }), { redirect: 'manual' });
        const loc = new URL(res.headers.get('location') ?? '');
        assert.equal(loc.searchParams.get('state'), 'st');
        return loc.searchParams.get('auth_code') ?? '';
      };
      const wrong = auth.exchangeCode({
        credentials: { ...credentials, appSecret: 'nope' },
        code: await codeFor(),
        now: Date.now(),
      });
      await assert.rejects(wrong, (e: unknown) => e instanceof BrokerError && e.code === 'AUTH_FAILED');
      const code = await codeFor();
      const session = await auth.exchangeCode({ credentials, code, now: Date.now() });
      assert.ok(session.expiresAt > Date.now());
      assert.ok(readTokenClaims(session.accessToken)?.hsm_key);
      await assert.rejects(auth.exchangeCode({ credentials, code, now: Date.now() }), BrokerError);
      await auth.logout?.({ credentials, session });
      const after = await fetch(`${sim.url}/api/v3/funds`, {
        headers: { authorization: `${sim.app.appId}:${session.accessToken}` },
      });
      assert.equal(after.status, 401);
    } finally {
      await sim.close();
    }
  });
});
