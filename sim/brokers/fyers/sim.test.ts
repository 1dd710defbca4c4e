/** The simulator's own protocol behaviour: limits, login checks, handshakes, master rows and seeded faults. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { createFaults } from './faults';
import { createFyersSim, DEFAULT_SIM_INSTRUMENTS, type FyersSim } from './index';
import { masterRow } from './instruments';

async function withSim(fn: (sim: FyersSim) => Promise<void>, opts: { autoLogin?: boolean } = {}) {
  const sim = await createFyersSim({ prices: () => undefined, ...opts });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

const authHeader = (sim: FyersSim) => ({ authorization: `${sim.app.appId}:${sim.issueToken()}` });

describe('Fyers simulator', () => {
  test('answers past 10 calls a second with HTTP 429, code -429 and Retry-After headers', () =>
    withSim(async (sim) => {
      const headers = authHeader(sim);
      const replies = await Promise.all(
        Array.from({ length: 12 }, () => fetch(`${sim.url}/api/v3/funds`, { headers })),
      );
      const limited = replies.filter((r) => r.status === 429);
      assert.equal(limited.length, 2);
      assert.deepEqual(await limited[0]?.json(), { s: 'error', code: -429, message: 'request limit reached' });
      assert.ok(Number(limited[0]?.headers.get('retry-after')) >= 1);
      assert.ok(Number(limited[0]?.headers.get('x-retry-after-ms')) > 0);
    }));

  test('answers past 200 calls a minute with 429 even when spread out', () =>
    withSim(async (sim) => {
      const headers = authHeader(sim);
      let t = Date.parse('2026-12-01T04:00:00Z');
      const faults = createFaults(1);
      let limited = 0;
      for (let i = 0; i < 205; i++) {
        t += 150; // under 10/s
        if (faults.rateLimitWait('app', t) > 0) limited++;
      }
      assert.equal(limited, 5);
      assert.equal((await fetch(`${sim.url}/api/v3/funds`, { headers })).status, 200);
    }));

  test('refuses generate-authcode with a wrong redirect_uri and shows a login page when not auto-redirecting', () =>
    withSim(
      async (sim) => {
        const q = (redirect: string) =>
          `${sim.url}/api/v3/generate-authcode?client_id=${sim.app.appId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&state=abc`;
        assert.equal((await fetch(q('http://evil.example/cb'), { redirect: 'manual' })).status, 400);
        const page = await fetch(q(sim.app.redirectUri), { redirect: 'manual' });
        assert.equal(page.status, 200);
        const html = await page.text();
        const href = /href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
        const target = new URL(href);
        assert.equal(target.searchParams.get('state'), 'abc');
        assert.ok(target.searchParams.get('auth_code'));
      },
      { autoLogin: false },
    ));

  test('checks appIdHash at validate-authcode (-371) and issues a JWT with exp and hsm_key', () =>
    withSim(async (sim) => {
      const authorize = `${sim.url}/api/v3/generate-authcode?client_id=${sim.app.appId}&redirect_uri=${encodeURIComponent(sim.app.redirectUri)}&response_type=code&state=s`;
      const code = async () =>
        new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get(
          'auth_code',
        );
      const post = (body: object) =>
        fetch(`${sim.url}/api/v3/validate-authcode`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
      const bad = await post({ grant_type: 'authorization_code', appIdHash: 'x', code: await code() });
      assert.deepEqual(await bad.json(), {
        s: 'error',
        code: -371,
        message: 'Please provide sha256 hash of appId and app secret',
      });
      const hash = createHash('sha256').update(`${sim.app.appId}:${sim.app.appSecret}`).digest('hex');
      const ok = (await (
        await post({ grant_type: 'authorization_code', appIdHash: hash, code: await code() })
      ).json()) as {
        access_token: string;
      };
      const claims = JSON.parse(Buffer.from(ok.access_token.split('.')[1] ?? '', 'base64url').toString());
      assert.ok(claims.exp > Date.now() / 1000 && typeof claims.hsm_key === 'string');
    }));

  test('refuses an order-socket handshake with a bad token (HTTP 403)', () =>
    withSim(async (sim) => {
      const ws = new WebSocket(sim.hosts.orderSocketUrl, { headers: { authorization: `${sim.app.appId}:forged` } });
      const status = await new Promise<number | undefined>((resolve) => {
        ws.on('unexpected-response', (req, res) => {
          resolve(res.statusCode);
          req.destroy();
        });
        ws.on('open', () => {
          resolve(101);
          ws.close();
        });
      });
      assert.equal(status, 403);
    }));

  test('serves master rows the adapter-independent way: 21 columns, one file per exchange segment', () =>
    withSim(async (sim) => {
      const fo = await (await fetch(`${sim.hosts.symbolMasterBaseUrl}/NSE_FO.csv`)).text();
      const lines = fo.trim().split('\n');
      assert.equal(lines.length, 3);
      assert.ok(lines.every((l) => l.split(',').length === 21));
      assert.equal(masterRow(DEFAULT_SIM_INSTRUMENTS[0]!, 'x').split(',')[9], 'NSE:NIFTY26D0124000CE');
      assert.equal((await fetch(`${sim.hosts.symbolMasterBaseUrl}/NOPE.csv`)).status, 404);
    }));

  test('draws the same fault sequence for the same seed', () => {
    const run = (seed: number) => {
      const f = createFaults(seed);
      f.controls.set({ timeoutRate: 0.2, noAckRate: 0.2, http5xxRate: 0.2 });
      return Array.from({ length: 30 }, () => f.writeFate());
    };
    assert.deepEqual(run(42), run(42));
    assert.notDeepEqual(run(42), run(43));
    assert.ok(new Set(run(42)).size === 4, 'all four fates occur');
  });
});
