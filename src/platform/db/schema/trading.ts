import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { brokerAccounts } from './broker-accounts';
import { signalWaves, strategyMaps, strategySettings } from './strategies';
import { users } from './users';

/** One position taken for one account by one wave: entry, exit and P&L. */
export const trades = pgTable(
  'trades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    waveId: text('wave_id')
      .notNull()
      .references(() => signalWaves.id),
    settingId: uuid('setting_id')
      .notNull()
      .references(() => strategySettings.id),
    mapId: uuid('map_id')
      .notNull()
      .references(() => strategyMaps.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id),
    tradingDay: text('trading_day').notNull(),
    instrumentId: text('instrument_id').notNull(),
    /** BUY (long) | SELL (short): the entry side. */
    side: text('side').notNull(),
    lots: integer('lots').notNull(),
    qtyUnits: integer('qty_units').notNull(),
    /** PENDING_ENTRY | OPEN | EXITING | CLOSED | ENTRY_TIMEOUT | REJECTED */
    status: text('status').notNull(),
    entryPricePaise: bigint('entry_price_paise', { mode: 'number' }),
    exitPricePaise: bigint('exit_price_paise', { mode: 'number' }),
    /** Per-trade risk as the wave set it: { slPct, targetPct }; absolute levels are fixed at the entry fill. */
    risk: jsonb('risk').$type<{ slPct: number; targetPct: number }>().notNull(),
    slPaise: bigint('sl_paise', { mode: 'number' }),
    targetPaise: bigint('target_paise', { mode: 'number' }),
    exitReason: text('exit_reason'),
    pnlPaise: bigint('pnl_paise', { mode: 'number' }),
    /** paper | live, and why paper when the trader chose live */
    route: text('route').notNull(),
    routeReason: text('route_reason'),
    enteredAt: bigint('entered_at', { mode: 'number' }),
    exitedAt: bigint('exited_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('trades_wave_account_idx').on(t.waveId, t.accountId),
    index('trades_user_day_idx').on(t.userId, t.tradingDay),
    index('trades_status_idx').on(t.status),
  ],
);

/** One broker order (or paper order). `clientOrderId` is the idempotency key and the broker tag. */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientOrderId: text('client_order_id').notNull(),
    tradeId: uuid('trade_id')
      .notNull()
      .references(() => trades.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => brokerAccounts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** ENTRY | EXIT */
    purpose: text('purpose').notNull(),
    instrumentId: text('instrument_id').notNull(),
    side: text('side').notNull(),
    qtyUnits: integer('qty_units').notNull(),
    orderType: text('order_type').notNull(),
    limitPricePaise: bigint('limit_price_paise', { mode: 'number' }),
    /** see domain/order/order-status.ts */
    status: text('status').notNull(),
    filledQtyUnits: integer('filled_qty_units').notNull(),
    avgPricePaise: bigint('avg_price_paise', { mode: 'number' }).notNull(),
    broker: text('broker').notNull(),
    route: text('route').notNull(),
    routeReason: text('route_reason'),
    brokerOrderId: text('broker_order_id'),
    rejectReason: text('reject_reason'),
    /**
     * The exchange-issued algo id the order was sent with (SEBI retail-algo framework): the strategy's registered
     * id, else the broker's or platform's generic one; null when none was needed (paper) or none was configured.
     */
    algoId: text('algo_id'),
    /** When the gateway handed the order to its broker (market clock); a tagless order-book lookup matches by it. */
    submittedAt: bigint('submitted_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('orders_client_order_id_idx').on(t.clientOrderId),
    index('orders_trade_idx').on(t.tradeId),
    index('orders_status_idx').on(t.status),
    // Order updates, reconciliation and tagless matching find our order by the broker's id within an account.
    index('orders_account_broker_order_idx').on(t.accountId, t.brokerOrderId),
  ],
);

/** Executions reconciled from the broker (or the paper broker). */
export const fills = pgTable(
  'fills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    fillId: text('fill_id').notNull(),
    qtyUnits: integer('qty_units').notNull(),
    pricePaise: bigint('price_paise', { mode: 'number' }).notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('fills_order_fill_idx').on(t.orderId, t.fillId)],
);
