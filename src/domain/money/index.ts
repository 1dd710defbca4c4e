/** Money: integer paise and the effective-dated F&O charges that turn gross P&L into net. */
export * from './charges';
export * from './paise';
