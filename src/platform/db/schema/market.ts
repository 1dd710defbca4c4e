import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One row per calendar: the coverage of the holiday lists and when they were first seeded from data/holidays.json. */
export const marketCalendar = pgTable('market_calendar', {
  id: text('id').primaryKey(),
  coverageFrom: text('coverage_from').notNull(),
  coverageTo: text('coverage_to').notNull(),
  seededAt: bigint('seeded_at', { mode: 'number' }).notNull(),
});

/** An exchange trading holiday (NSE, BSE, MCX); applies to every segment of that exchange. */
export const marketHolidays = pgTable(
  'market_holidays',
  {
    exchange: text('exchange').notNull(),
    /** YYYY-MM-DD (IST) */
    date: text('date').notNull(),
    name: text('name').notNull(),
    /** FULL | MORNING | EVENING */
    closed: text('closed').notNull(),
    note: text('note'),
    /** seed | admin | sync */
    source: text('source').notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.exchange, t.date] })],
);

/** A dated special session (Muhurat) of one exchange; open/close null while not announced. */
export const marketSpecialSessions = pgTable(
  'market_special_sessions',
  {
    exchange: text('exchange').notNull(),
    date: text('date').notNull(),
    name: text('name').notNull(),
    /** MUHURAT | SPECIAL */
    kind: text('kind').notNull(),
    open: text('open'),
    close: text('close'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.exchange, t.date] })],
);

/** A change proposed by the holiday sync job; applied only when an admin confirms it. */
export const holidayProposals = pgTable(
  'holiday_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    exchange: text('exchange').notNull(),
    date: text('date').notNull(),
    /** ADD | REMOVE */
    action: text('action').notNull(),
    name: text('name').notNull(),
    closed: text('closed').notNull(),
    source: text('source').notNull(),
    /** PENDING | CONFIRMED | REJECTED */
    status: text('status').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    decidedAt: bigint('decided_at', { mode: 'number' }),
    decidedBy: text('decided_by'),
  },
  (t) => [uniqueIndex('holiday_proposals_pending_uq').on(t.exchange, t.date, t.action).where(sql`status = 'PENDING'`)],
);

/** The instrument catalog: one row per listed contract (and index), replaced atomically by the master sync. */
export const instruments = pgTable(
  'instruments',
  {
    instrumentId: text('instrument_id').primaryKey(),
    underlying: text('underlying').notNull(),
    segment: text('segment').notNull(),
    /** YYYY-MM-DD; null for index and cash rows */
    expiry: text('expiry'),
    /** rupees; null unless an option */
    strike: doublePrecision('strike'),
    /** CE | PE | null */
    optionType: text('option_type'),
    lotSize: integer('lot_size').notNull(),
    tickSizePaise: integer('tick_size_paise').notNull(),
    freezeQty: integer('freeze_qty'),
  },
  (t) => [index('instruments_underlying_idx').on(t.underlying, t.expiry)],
);

/** A broker's name for an instrument: symbol, token and exchange code from that broker's own master. */
export const brokerSymbols = pgTable(
  'broker_symbols',
  {
    broker: text('broker').notNull(),
    instrumentId: text('instrument_id').notNull(),
    segment: text('segment').notNull(),
    brokerSymbol: text('broker_symbol').notNull(),
    token: text('token').notNull(),
    exchangeCode: text('exchange_code'),
  },
  (t) => [
    primaryKey({ columns: [t.broker, t.instrumentId] }),
    index('broker_symbols_token_idx').on(t.broker, t.token),
    index('broker_symbols_symbol_idx').on(t.broker, t.brokerSymbol),
  ],
);

/** Per source × segment status of the instrument master sync; `rows` is the last good copy's row count. */
export const instrumentSyncStatus = pgTable(
  'instrument_sync_status',
  {
    source: text('source').notNull(),
    segment: text('segment').notNull(),
    rows: integer('rows').notNull(),
    lastSuccessAt: bigint('last_success_at', { mode: 'number' }),
    lastAttemptAt: bigint('last_attempt_at', { mode: 'number' }).notNull(),
    lastError: text('last_error'),
  },
  (t) => [primaryKey({ columns: [t.source, t.segment] })],
);
