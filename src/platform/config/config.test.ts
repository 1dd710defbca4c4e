import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, Secret } from './index';

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
