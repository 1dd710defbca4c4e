import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import { openStore, tables } from '#src/platform/db';
import { problemJson } from './problem-json';

test('a request naming a row that does not exist gets 422 problem+json, not a 500, and nothing is written', async () => {
  const store = await openStore({ kind: 'pglite', dataDir: undefined });
  const app = Fastify({ logger: false });
  after(async () => {
    await app.close();
    await store.close();
  });
  await app.register(problemJson);
  // A route that forgot to check its account: the database's foreign key refuses the row.
  app.post('/halt', async () => {
    await store.db.transaction(async (tx) => {
      await tx.insert(tables.tradingHalts).values({
        scope: 'ACCOUNT',
        accountId: '00000000-0000-1000-8000-000000000000',
        reason: 'MANUAL',
        haltedBy: 'test',
        haltedAt: 0,
      });
    });
    return { ok: true };
  });
  app.post('/boom', async () => {
    throw new Error('secret internals');
  });

  const res = await app.inject({ method: 'POST', url: '/halt' });
  assert.equal(res.statusCode, 422);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  assert.equal(res.json().code, 'UNKNOWN_REFERENCE');
  assert.equal((await store.db.select().from(tables.tradingHalts)).length, 0);

  const other = await app.inject({ method: 'POST', url: '/boom' });
  assert.equal(other.statusCode, 500, 'any other error is still a 500');
  assert.doesNotMatch(other.body, /secret internals/);
});
