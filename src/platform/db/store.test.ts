import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestDatabase, postgresSkip } from '#test/support/services';
import { openStore, tables } from './index';
import { describeStoreContract } from './store.contract';

describeStoreContract('PGlite (embedded, in memory)', async () => {
  const store = await openStore({ kind: 'pglite', dataDir: undefined });
  return { store, cleanup: () => store.close() };
});

describeStoreContract(
  'PostgreSQL',
  async () => {
    const db = await createTestDatabase();
    const store = await openStore({ kind: 'postgres', url: db.url });
    return {
      store,
      async cleanup() {
        await store.close();
        await db.drop();
      },
    };
  },
  await postgresSkip(),
);

test('an embedded data folder survives a restart: migrations are applied once and data persists', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mynrobo-store-'));
  try {
    const first = await openStore({ kind: 'pglite', dataDir: dir });
    await first.db.insert(tables.users).values({
      email: 'keep@x.test',
      passwordHash: 'h',
      displayName: 'K',
      role: 'trader',
      status: 'active',
      createdAt: 1,
    });
    await first.close();
    const second = await openStore({ kind: 'pglite', dataDir: dir });
    const rows = await second.db.select().from(tables.users);
    await second.close();
    assert.deepEqual(
      rows.map((r) => r.email),
      ['keep@x.test'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
