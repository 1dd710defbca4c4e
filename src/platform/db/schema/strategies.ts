import { bigint, boolean, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { brokerAccounts } from './broker-accounts';
import { users } from './users';

/** A master setting: one configured instance of a strategy, run by admins. */
export const strategySettings = pgTable('strategy_settings', {
  id: uuid('id').primaryKey().defaultRandom(),
  strategyId: text('strategy_id').notNull(),
  name: text('name').notNull().unique(),
  underlying: text('underlying').notNull(),
  params: jsonb('params').notNull(),
  /** running | stopped | halted */
  status: text('status').notNull(),
  /**
   * The exchange-issued algo id this strategy is registered under (SEBI: per-strategy registration for
   * platform-hosted algos); null means its orders carry the configured generic algo id. Set by admins.
   */
  algoId: text('algo_id'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

/** Maps a master setting to one trader's broker account with that trader's scaling and limits. */
export const strategyMaps = pgTable(
  'strategy_maps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    settingId: uuid('setting_id')
      .notNull()
      .references(() => strategySettings.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id),
    lotMultiplier: integer('lot_multiplier').notNull(),
    premiumOverridePaise: integer('premium_override_paise'),
    maxTrades: integer('max_trades'),
    daySlPaise: bigint('day_sl_paise', { mode: 'number' }),
    dayTargetPaise: bigint('day_target_paise', { mode: 'number' }),
    active: boolean('active').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('strategy_maps_setting_account_idx').on(t.settingId, t.accountId)],
);

/** One strategy intent at one moment. The id is deterministic, so a replayed wave creates nothing new. */
export const signalWaves = pgTable('signal_waves', {
  id: text('id').primaryKey(),
  settingId: uuid('setting_id')
    .notNull()
    .references(() => strategySettings.id),
  tradingDay: text('trading_day').notNull(),
  /** ENTRY | EXIT */
  kind: text('kind').notNull(),
  intent: jsonb('intent').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});
