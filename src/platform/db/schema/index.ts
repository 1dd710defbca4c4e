/** Drizzle tables, one file per aggregate. Migrations in ../migrations are generated from these. */
export * from './accounts';
export * from './audit';
export * from './broker-accounts';
export * from './candles';
export * from './execution';
export * from './market';
export * from './strategies';
export * from './trading';
export * from './users';
