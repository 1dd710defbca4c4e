import { z } from 'zod';
import { InvalidInstrumentIdError, parseInstrumentId } from '#src/domain/instrument';
import { CANDLE_TIMEFRAMES } from '#src/market';

function isInstrumentId(raw: string): boolean {
  try {
    parseInstrumentId(raw);
    return true;
  } catch (e) {
    if (e instanceof InvalidInstrumentIdError) return false;
    throw e;
  }
}

const DAY_MS = 86_400_000;

export const candlesQuery = z
  .object({
    instrumentId: z.string().max(100).refine(isInstrumentId, 'not an instrument id (e.g. NSE_INDEX:NIFTY)'),
    timeframeMin: z.coerce
      .number()
      .int()
      .refine((n) => (CANDLE_TIMEFRAMES as readonly number[]).includes(n), 'timeframeMin must be 1, 3, 5 or 15'),
    /** Epoch ms, inclusive; default 24 hours before `to`. */
    from: z.coerce.number().int().nonnegative().optional(),
    /** Epoch ms, exclusive; default now. */
    to: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(2_000).default(500),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, 'from must be before to')
  .refine(
    (q) => q.from === undefined || q.to === undefined || q.to - q.from <= 31 * DAY_MS,
    'at most 31 days per request',
  );

export const candleSchema = z.object({
  start: z.number().int(),
  open: z.number().int(),
  high: z.number().int(),
  low: z.number().int(),
  close: z.number().int(),
  volume: z.number().int(),
  /** Present (true) only on the last bar when it is still being built: it changes until its interval closes. */
  inProgress: z.literal(true).optional(),
});

export const candlesResponse = z.object({
  instrumentId: z.string(),
  timeframeMin: z.number().int(),
  candles: z.array(candleSchema),
});

export const pnlQuery = z.object({
  /** Trading day YYYY-MM-DD (IST); default today. */
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

export const pnlPointSchema = z.object({
  at: z.number().int(),
  tradeId: z.string(),
  pnlPaise: z.number().int(),
  /** Running total of realised P&L for the day after this trade closed. */
  cumulativePaise: z.number().int(),
});

export const pnlResponse = z.object({
  day: z.string(),
  realisedPaise: z.number().int(),
  /** Open positions marked to the LTP cache now. */
  openPnlPaise: z.number().int(),
  isStale: z.boolean(),
  points: z.array(pnlPointSchema),
});
