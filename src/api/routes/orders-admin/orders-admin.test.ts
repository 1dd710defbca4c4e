import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '#src/api';
import { istInstant } from '#src/domain/calendar';
import { createVirtualClock } from '#src/platform/clock';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { type ApiSession, callAs, type Method, signIn } from '#test/support/api-session';

const NOW = istInstant('2026-11-26', '10:00');
type Body = Record<string, unknown>;

describe('orders admin API (ops manual control)', () => {
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
      overrides: { clock: createVirtualClock(NOW) },
    });
    app = await buildApp(running.platform);
    sessions.set('admin', await signIn(app, 'admin@mynrobo.local', 'admin-demo-1'));
    sessions.set('trader', await signIn(app, 'asha@mynrobo.local', 'trader-demo-1'));
  });
  after(async () => {
    await app.close();
    await running.stop();
  });

  test('a trader may not use the controls', async () => {
    assert.equal((await call('trader', 'GET', '/admin/orders/halts')).status, 403);
    assert.equal((await call('trader', 'POST', '/admin/square-off', { reason: 'nope' })).status, 403);
  });

  test('the kill switch blocks manual entries until released, and every action is audited', async () => {
    const db = running.platform.store.db;
    const [map] = await db.select().from(tables.strategyMaps).limit(1);
    assert.ok(map, 'the demo seed has a strategy map');
    const engage = await call('admin', 'POST', '/admin/kill-switch', { engage: true, reason: 'test drill' });
    assert.equal(engage.status, 200, JSON.stringify(engage.body));
    const halts = await call('admin', 'GET', '/admin/orders/halts');
    assert.ok((halts.body.halts as Body[]).some((h) => h.scope === 'GLOBAL' && h.reason === 'KILL_SWITCH'));
    const entry = { instrumentId: 'NFO:NIFTY:2026-12-29:CE:26000', side: 'BUY', lots: 1, requestId: 'r1' };
    const blocked = await call('admin', 'POST', `/admin/maps/${map.id}/entries`, entry);
    assert.equal(blocked.status, 409);
    assert.equal(
      (await call('admin', 'POST', '/admin/kill-switch', { engage: false, reason: 'drill over' })).status,
      200,
    );
    const first = await call('admin', 'POST', `/admin/maps/${map.id}/entries`, entry);
    assert.deepEqual([first.status, first.body.created], [200, true]);
    const again = await call('admin', 'POST', `/admin/maps/${map.id}/entries`, entry);
    assert.deepEqual([again.body.created, again.body.clientOrderId], [false, first.body.clientOrderId]);
    const audit = await db.select().from(tables.auditLog);
    const actions = audit.map((a) => a.action);
    for (const a of ['orders.kill_switch_engage', 'orders.kill_switch_release', 'orders.manual_entry'])
      assert.ok(actions.includes(a), `${a} is audited`);
  });

  test('halting one account forces it to paper; resume restores it; dead letters are listed', async () => {
    const db = running.platform.store.db;
    const [acc] = await db.select().from(tables.brokerAccounts).limit(1);
    assert.ok(acc);
    assert.equal(
      (await call('admin', 'POST', `/admin/accounts/${acc.id}/halt`, { reason: 'ops check' })).body.ok,
      true,
    );
    const [halted] = await db.select().from(tables.brokerAccounts).where(eq(tables.brokerAccounts.id, acc.id));
    assert.deepEqual([halted!.effectiveMode, halted!.modeReason], ['paper', 'ACCOUNT_HALTED']);
    assert.equal(
      (await call('admin', 'POST', `/admin/accounts/${acc.id}/resume`, { reason: 'ops done' })).body.ok,
      true,
    );
    const dl = await call('admin', 'GET', '/admin/orders/dead-letters');
    assert.equal(dl.status, 200);
    assert.ok(Array.isArray(dl.body.deadLetters));
  });

  test('halting or resuming an account that does not exist is a 404 and writes nothing', async () => {
    const db = running.platform.store.db;
    const haltsBefore = await db.select().from(tables.tradingHalts);
    const unknown = '00000000-0000-1000-8000-000000000000';
    for (const action of ['halt', 'resume']) {
      const res = await call('admin', 'POST', `/admin/accounts/${unknown}/${action}`, { reason: 'typo' });
      assert.equal(res.status, 404, action);
      assert.equal(res.body.code, 'NOT_FOUND');
    }
    assert.equal((await db.select().from(tables.tradingHalts)).length, haltsBefore.length);
  });
});
