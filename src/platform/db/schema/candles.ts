import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Closed OHLCV candles built by the feed role from ticks (1/3/5/15 minutes, IST-aligned). Strategies and charts
 * read the same rows. Prices in paise; `start` is the bar's open instant (epoch ms UTC); volume in units.
 */
export const candles = pgTable(
  'candles',
  {
    instrumentId: text('instrument_id').notNull(),
    timeframeMin: integer('timeframe_min').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    open: bigint('open', { mode: 'number' }).notNull(),
    high: bigint('high', { mode: 'number' }).notNull(),
    low: bigint('low', { mode: 'number' }).notNull(),
    close: bigint('close', { mode: 'number' }).notNull(),
    volume: bigint('volume', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.instrumentId, t.timeframeMin, t.start] })],
);
