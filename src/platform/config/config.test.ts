import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEMO_ALGO_ID, loadConfig, Secret } from './index';

test('embedded defaults need no environment at all', () => {
  const c = loadConfig({});
  assert.equal(c.embedded, true);
  assert.equal(c.store.kind, 'pglite');
  assert.equal(c.bus.kind, 'memory');
  assert.equal(c.http.port, 3000);
  assert.equal(c.demo.seed, true);
});

test('a single role demands DATABASE_URL and REDIS_URL, naming both', () => {
  assert.throws(
    () => loadConfig({}, 'executor'),
    (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message) && /REDIS_URL/.test(e.message),
  );
  const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
  const c = loadConfig(
    { DATABASE_URL: 'postgres://x@localhost/db', REDIS_URL: 'redis://localhost:6379', MASTER_KEY },
    'executor',
  );
  assert.equal(c.embedded, false);
  assert.equal(c.demo.seed, false);
});

test('bad values are reported per variable', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message) && /LOG_LEVEL/.test(e.message),
  );
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
});

test('secrets never print', () => {
  const s = new Secret('hunter2hunter2hunter2hunter2hunter2');
  assert.equal(String(s), '[redacted]');
  assert.equal(JSON.stringify({ s }), '{"s":"[redacted]"}');
  assert.equal(s.reveal(), 'hunter2hunter2hunter2hunter2hunter2');
});

test('the feed source: sim by default; replay and broker name what they need', () => {
  assert.deepEqual(loadConfig({}).feed.source, { kind: 'sim' });
  assert.throws(() => loadConfig({ FEED_SOURCE: 'replay' }), /FEED_REPLAY_FILE/);
  assert.throws(() => loadConfig({ FEED_SOURCE: 'broker' }), /FEED_BROKER_ACCOUNT_ID/);
  assert.throws(() => loadConfig({ FEED_SOURCE: 'broker', FEED_BROKER_ACCOUNT_ID: 'not-a-uuid' }), /FEED_BROKER/);
  const id = '5d6f3c1e-8a3b-4f7e-9c2d-1b0a9e8d7c6b';
  const broker = loadConfig({ FEED_SOURCE: 'broker', FEED_BROKER_ACCOUNT_ID: id });
  assert.deepEqual(broker.feed.source, { kind: 'broker', accountId: id });
  assert.equal(broker.brokers.fyers.simulate, false, 'the embedded Fyers simulator is priced by the feed');
  assert.throws(
    () => loadConfig({ FEED_SOURCE: 'broker', FEED_BROKER_ACCOUNT_ID: id, FYERS_SIM: 'true' }),
    /FYERS_SIM/,
  );
  assert.equal(loadConfig({}).brokers.masterSyncAtIst, '08:00');
  assert.equal(loadConfig({ BROKER_MASTER_SYNC_AT: 'off' }).brokers.masterSyncAtIst, undefined);
  assert.throws(() => loadConfig({ BROKER_MASTER_SYNC_AT: '8am' }), /BROKER_MASTER_SYNC_AT/);
});

test("executor timings, risk limits and algo ids: today's values by default, each overridable", () => {
  const d = loadConfig({}).executor;
  assert.deepEqual(d.timings, {
    trackMs: 1_000,
    trackStreamedMs: 30_000,
    repairMs: 10_000,
    sweepMs: 5_000,
    sweepAgeMs: 30_000,
    inFlightMs: 60_000,
    reconcileMs: 60_000,
    reclaimIdleMs: 30_000,
  });
  assert.equal(d.entryTimeoutSec, 30);
  assert.deepEqual(d.accountLimits, { maxConsecutiveErrors: 5, maxDayLossPaise: 5_000_000 });
  assert.deepEqual(d.algoIds, { required: false, defaultId: DEMO_ALGO_ID, perBroker: {} });
  const c = loadConfig({
    EXECUTOR_TRACK_MS: '250',
    ENTRY_TIMEOUT_SEC: '45',
    ACCOUNT_MAX_CONSECUTIVE_ERRORS: '3',
    ACCOUNT_DAY_LOSS_LIMIT_RUPEES: '20000',
    ALGO_ID_REQUIRED: 'true',
    ALGO_ID_DEFAULT: 'GEN001',
    ALGO_ID_FYERS: 'FY-777',
  }).executor;
  assert.equal(c.timings.trackMs, 250);
  assert.equal(c.entryTimeoutSec, 45);
  assert.deepEqual(c.accountLimits, { maxConsecutiveErrors: 3, maxDayLossPaise: 2_000_000 });
  assert.deepEqual(c.algoIds, { required: true, defaultId: 'GEN001', perBroker: { fyers: 'FY-777' } });
  const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
  const prod = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(32),
    DATABASE_URL: 'postgres://x@localhost/db',
    REDIS_URL: 'redis://localhost:6379',
    MASTER_KEY,
  }).executor.algoIds;
  assert.deepEqual(prod, { required: true, defaultId: undefined, perBroker: {} }, 'production requires, no demo id');
  assert.throws(() => loadConfig({ ALGO_ID_DEFAULT: 'has space' }), /ALGO_ID_DEFAULT/);
  assert.throws(() => loadConfig({ EXECUTOR_TRACK_MS: '5' }), /EXECUTOR_TRACK_MS/);
});
