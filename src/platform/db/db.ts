import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** The Drizzle database both drivers (PGlite and node-postgres) give, typed by our schema. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle; same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The store port: a migrated database and a way to close it. */
export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  close(): Promise<void>;
}

/** Where the store lives: embedded PGlite in a folder (or in memory), or a PostgreSQL server. */
export type StoreConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /**
       * Connections in the pool (default 10). The order gateway batches a wave's reads and moves into a few
       * statements per event-loop turn, so a small pool serves a thousand concurrent handlers.
       */
      readonly poolSize?: number;
    };

/** True when a driver error (wrapped by Drizzle in `cause`) is a unique violation. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (e: unknown) => (e && typeof e === 'object' && 'code' in e ? (e as { code: unknown }).code : undefined);
  const cause = err && typeof err === 'object' && 'cause' in err ? (err as { cause: unknown }).cause : undefined;
  return code(err) === '23505' || code(cause) === '23505';
}
