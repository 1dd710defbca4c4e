import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Store, StoreConfig } from './db';
import * as schema from './schema';

const MIGRATION_LOCK = 7_262_001;
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens the store and applies pending migrations (the same folder on both drivers). */
export async function openStore(config: StoreConfig): Promise<Store> {
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, config.poolSize ?? 10);
}

async function openPglite(dataDir: string | undefined): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { kind: 'pglite', db: db as unknown as Db, close: () => client.close() };
}

async function openPostgres(url: string, poolSize: number): Promise<Store> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server ends (a restart, a terminated backend, a dropped test database while a closed
  // pool's sockets are still shutting) is reported here; unhandled, it would crash the process. The pool drops
  // the connection and opens a new one on the next query, which reports any lasting failure to its caller.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  // Several role processes may start at once: one migrates, the others wait on the advisory lock.
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    lockClient.release();
  }
  return { kind: 'postgres', db: db as unknown as Db, close: () => pool.end() };
}
