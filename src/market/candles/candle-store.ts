import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Candle } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { type Db, tables } from '#src/platform/db';

const { candles } = tables;

/** Closed candles in the store: written by the feed role, read by charts and strategies (the same rows). */
export interface CandleStore {
  /** Upserts closed candles (a replayed bar replaces the stored one). */
  saveCandles(rows: readonly Candle[]): Promise<void>;
  /** Candles of one instrument and timeframe with `from <= start < to`, oldest first, at most `limit`. */
  findCandles(q: {
    id: InstrumentId;
    timeframeMin: number;
    from: number;
    to: number;
    limit?: number;
  }): Promise<Candle[]>;
}

const CHUNK = 500;

export function createCandleStore(db: Db): CandleStore {
  return {
    async saveCandles(rows) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        const values = rows.slice(i, i + CHUNK).map((c) => ({
          instrumentId: c.id,
          timeframeMin: c.timeframeMin,
          start: c.start,
          open: c.open,
          high: c.high,
          low: c.low,
          close: c.close,
          volume: c.volume,
        }));
        await db
          .insert(candles)
          .values(values)
          .onConflictDoUpdate({
            target: [candles.instrumentId, candles.timeframeMin, candles.start],
            set: {
              open: sql`excluded.open`,
              high: sql`excluded.high`,
              low: sql`excluded.low`,
              close: sql`excluded.close`,
              volume: sql`excluded.volume`,
            },
          });
      }
    },
    async findCandles(q) {
      const rows = await db
        .select()
        .from(candles)
        .where(
          and(
            eq(candles.instrumentId, q.id),
            eq(candles.timeframeMin, q.timeframeMin),
            gte(candles.start, q.from),
            lt(candles.start, q.to),
          ),
        )
        .orderBy(asc(candles.start))
        .limit(q.limit ?? 1_000);
      return rows.map((r) => ({
        id: r.instrumentId as InstrumentId,
        timeframeMin: r.timeframeMin,
        start: r.start,
        open: r.open as Paise,
        high: r.high as Paise,
        low: r.low as Paise,
        close: r.close as Paise,
        volume: r.volume,
      }));
    },
  };
}
