import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { verifyAuditChain } from '#src/accounts';
import { buildApp } from '#src/api';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { type ApiSession, callAs, type Method, signIn } from '#test/support/api-session';

type Body = Record<string, unknown>;

describe('strategy settings admin API: exchange algo ids', () => {
  let running: RunningPlatform;
  let app: FastifyInstance;
  const sessions = new Map<string, ApiSession>();
  const call = (who: 'admin' | 'trader', method: Method, url: string, payload?: object) => {
    const s = sessions.get(who);
    assert.ok(s, `not signed in as ${who}`);
    return callAs<Body>(app, s, method, url, payload);
  };

  before(async () => {
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', SIM_MARKET: 'false', LOG_LEVEL: 'silent' },
      roles: ['api'],
    });
    app = await buildApp(running.platform);
    sessions.set('admin', await signIn(app, 'admin@mynrobo.local', 'admin-demo-1'));
    sessions.set('trader', await signIn(app, 'asha@mynrobo.local', 'trader-demo-1'));
  });
  after(async () => {
    await app.close();
    await running.stop();
  });

  test('admins set and clear a strategy algo id; every change is audited; traders may not', async () => {
    const db = running.platform.store.db;
    const list = await call('admin', 'GET', '/admin/strategy-settings');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const [setting] = list.body.settings as Body[];
    assert.ok(setting, 'the demo seed has a strategy setting');
    assert.equal(setting.algoId, null);
    const url = `/admin/strategy-settings/${setting.id}/algo-id`;

    assert.equal((await call('trader', 'GET', '/admin/strategy-settings')).status, 403);
    assert.equal((await call('trader', 'PATCH', url, { algoId: 'X1' })).status, 403);

    const set = await call('admin', 'PATCH', url, { algoId: 'NSE-ALGO-42' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal((set.body.setting as Body).algoId, 'NSE-ALGO-42');
    const [row] = await db
      .select()
      .from(tables.strategySettings)
      .where(eq(tables.strategySettings.id, setting.id as string));
    assert.equal(row!.algoId, 'NSE-ALGO-42');

    const bad = await call('admin', 'PATCH', url, { algoId: 'not an id!' });
    assert.equal(bad.status, 400);
    assert.match(bad.type, /problem\+json/);
    const missing = await call(
      'admin',
      'PATCH',
      '/admin/strategy-settings/5d6f3c1e-8a3b-4f7e-9c2d-1b0a9e8d7c6b/algo-id',
      {
        algoId: 'A1',
      },
    );
    assert.equal(missing.status, 404);

    const cleared = await call('admin', 'PATCH', url, { algoId: null });
    assert.equal((cleared.body.setting as Body).algoId, null);

    const audit = (await db.select().from(tables.auditLog)).filter((a) => a.action === 'strategy.algo_id_set');
    assert.deepEqual(
      audit.map((a) => [a.subject, (a.data as Body).from, (a.data as Body).to]),
      [
        [setting.id, null, 'NSE-ALGO-42'],
        [setting.id, 'NSE-ALGO-42', null],
      ],
    );
    assert.equal((await verifyAuditChain(db)).ok, true);
  });
});
