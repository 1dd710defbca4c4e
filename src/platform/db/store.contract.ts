/** One suite of store behaviour, run against PGlite and PostgreSQL alike. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { isUniqueViolation, type Store, tables } from './index';

export function describeStoreContract(
  name: string,
  open: () => Promise<{ store: Store; cleanup(): Promise<void> }>,
  skip: string | false = false,
) {
  describe(`store contract: ${name}`, { skip }, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ store, cleanup } = await open());
    });
    after(async () => cleanup?.());

    test('migrations have created every table of the schema', async () => {
      const rows = await store.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public'`,
      );
      const names = new Set(
        (rows as unknown as { rows?: { table_name: string }[] }).rows?.map((r) => r.table_name) ??
          (rows as unknown as { table_name: string }[]).map((r) => r.table_name),
      );
      for (const t of [
        'users',
        'user_sessions',
        'broker_accounts',
        'strategy_settings',
        'strategy_maps',
        'signal_waves',
        'trades',
        'orders',
        'fills',
        'audit_log',
      ]) {
        assert.ok(names.has(t), `table ${t} exists`);
      }
    });

    test('a unique violation is recognisable through the driver wrapper', async () => {
      const row = {
        email: `u-${Math.random()}@x.test`,
        passwordHash: 'h',
        displayName: 'U',
        role: 'trader',
        status: 'active',
        createdAt: 1,
      };
      await store.db.insert(tables.users).values(row);
      const err = await store.db
        .insert(tables.users)
        .values({ ...row, email: row.email.toUpperCase() })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(err, 'the case-insensitive unique email index refuses the duplicate');
      assert.equal(isUniqueViolation(err), true);
    });

    test('a failed transaction leaves nothing half-written', async () => {
      const email = `tx-${Math.random()}@x.test`;
      await assert.rejects(
        store.db.transaction(async (tx) => {
          await tx
            .insert(tables.users)
            .values({ email, passwordHash: 'h', displayName: 'T', role: 'trader', status: 'active', createdAt: 1 });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await store.db.select().from(tables.users).where(eq(tables.users.email, email))).length, 0);
    });
  });
}
