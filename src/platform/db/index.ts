/** Store port: Drizzle schema and migrations on embedded PGlite or PostgreSQL. */
export { type Db, isUniqueViolation, type Store, type StoreConfig, type Tx } from './db';
export { openStore } from './open-store';
export * as tables from './schema';
