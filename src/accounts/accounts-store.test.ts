import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { createMemoryBus } from '#src/platform/bus';
import { createEnvelopeCrypto } from '#src/platform/crypto';
import { openStore, type Store, tables } from '#src/platform/db';
import { createTestDatabase, postgresSkip } from '#test/support/services';
import { syncAccountModes } from './broker-accounts/mode-sync';
import { auditVerifyCommand, rotateKeysCommand } from './commands';
import { tradableAccountIds } from './subscriptions/active';

const DAY = 86_400_000;

async function exercise(store: Store) {
  const { db } = store;
  const bus = createMemoryBus();
  const now = 1_800_000_000_000;
  const [user] = await db
    .insert(tables.users)
    .values({
      email: `u${randomBytes(3).toString('hex')}@t.test`,
      passwordHash: 'x',
      displayName: 'U',
      role: 'trader',
      status: 'active',
      createdAt: 0,
    })
    .returning();
  const userId = user?.id ?? '';
  const [plan] = await db
    .insert(tables.plans)
    .values({
      name: `P${randomBytes(3).toString('hex')}`,
      pricePaise: 1,
      periodDays: 30,
      strategyIds: [],
      maxBrokerAccounts: 1,
      maxLotMultiplier: 1,
      active: true,
      createdAt: 0,
    })
    .returning();
  const k1 = createEnvelopeCrypto({ current: { id: 'k1', key: randomBytes(32) } });
  const [account] = await db
    .insert(tables.brokerAccounts)
    .values({
      userId,
      broker: 'paper',
      label: 'P',
      brokerClientId: 'C',
      mode: 'paper',
      effectiveMode: 'paper',
      modeReason: 'USER_CHOICE',
      tokenState: 'NOT_CONNECTED',
      credentialsEnc: k1.encrypt('secret-app-key'),
      createdAt: 0,
    })
    .returning();
  const id = account?.id ?? '';
  const tradable = async (at: number) =>
    (
      await db
        .select({ id: tables.brokerAccounts.id })
        .from(tables.brokerAccounts)
        .where(inArray(tables.brokerAccounts.id, tradableAccountIds(db, at)))
    ).map((r) => r.id);

  assert.deepEqual(await tradable(now), [], 'no subscription: not tradable');
  const events: unknown[] = [];
  await bus.subscribe('ev.account-mode', (m) => events.push(m));
  const changed = await syncAccountModes({ db, bus }, { where: eq(tables.brokerAccounts.id, id), now });
  assert.equal(changed[0]?.reason, 'SUBSCRIPTION_INACTIVE');
  assert.equal(
    (await syncAccountModes({ db, bus }, { where: eq(tables.brokerAccounts.id, id), now })).length,
    0,
    'idempotent',
  );

  await db.insert(tables.subscriptions).values({
    userId,
    planId: plan?.id ?? '',
    startsAt: now - DAY,
    endsAt: now + DAY,
    graceDays: 1,
    status: 'active',
    createdAt: 0,
    updatedAt: 0,
  });
  assert.deepEqual(await tradable(now), [id]);
  assert.deepEqual(await tradable(now + 1.5 * DAY), [id], 'inside the grace days');
  assert.deepEqual(await tradable(now + 2 * DAY), [], 'after end + grace');
  await db.update(tables.brokerAccounts).set({ halted: true });
  assert.deepEqual(await tradable(now), [], 'halted');
  assert.equal((await syncAccountModes({ db, bus }, { where: undefined, now }))[0]?.reason, 'ACCOUNT_HALTED');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(events.length, 2);

  const verdict = await auditVerifyCommand(db);
  assert.ok(verdict.ok, verdict.text);
}

async function rotation(store: Store) {
  const key1 = { id: 'k1', key: randomBytes(32) };
  const key2 = { id: 'k2', key: randomBytes(32) };
  const before = createEnvelopeCrypto({ current: key1 });
  await store.db.update(tables.brokerAccounts).set({ credentialsEnc: before.encrypt('secret-app-key') });
  const after = createEnvelopeCrypto({ current: key2, retired: [key1] });
  const r = await rotateKeysCommand(store.db, after);
  assert.ok(r.rewrapped >= 1, r.text);
  const only2 = createEnvelopeCrypto({ current: key2 });
  for (const a of await store.db.select().from(tables.brokerAccounts))
    assert.equal(only2.decrypt(a.credentialsEnc ?? ''), 'secret-app-key');
  assert.equal((await rotateKeysCommand(store.db, after)).rewrapped, 0, 'a second run has nothing left');
}

describe('accounts store rules on PGlite and PostgreSQL', async () => {
  const pgSkip = await postgresSkip();
  test('PGlite: tradable accounts, mode sync (idempotent, published), key rotation, audit chain', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: undefined });
    try {
      await exercise(store);
      await rotation(store);
    } finally {
      await store.close();
    }
  });

  test('PostgreSQL: the same', { skip: pgSkip }, async () => {
    const database = await createTestDatabase('mynrobo_accounts');
    const store = await openStore({ kind: 'postgres', url: database.url });
    try {
      await exercise(store);
      await rotation(store);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
