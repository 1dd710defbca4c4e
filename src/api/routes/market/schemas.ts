import { z } from 'zod';
import { isValidDate } from '#src/domain/calendar';
import { SEGMENTS } from '#src/domain/instrument';

export const tags = ['market'];

/** A real calendar date, YYYY-MM-DD; anything else is a 400 that names the field. */
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isValidDate, 'not a real calendar date');
export const segmentSchema = z.enum(SEGMENTS);
export const exchangeSchema = z.enum(['NSE', 'BSE', 'MCX']);
export const closedSchema = z.enum(['FULL', 'MORNING', 'EVENING']);
export const underlyingSchema = z
  .string()
  .regex(/^[A-Z0-9&_-]{1,32}$/, 'expected an underlying symbol such as NIFTY (upper case)');

const windowSchema = z.object({ open: z.number().int(), close: z.number().int() });

export const segmentStatusSchema = z.object({
  segment: segmentSchema,
  exchange: exchangeSchema,
  /** The platform clock's instant the answer is for. */
  now: z.number().int(),
  date: z.string(),
  isTradingDay: z.boolean(),
  isOpen: z.boolean(),
  session: windowSchema.nullable(),
  preOpen: windowSchema.nullable(),
  closesAt: z.number().int().nullable(),
  minutesToClose: z.number().nullable(),
  squareOffAt: z.number().int().nullable(),
  nextOpen: z.number().int().nullable(),
  holiday: z.object({ name: z.string(), closed: closedSchema }).nullable(),
  specialSession: z.object({ name: z.string(), open: z.string().nullable(), close: z.string().nullable() }).nullable(),
});

export const holidaySchema = z.object({
  exchange: exchangeSchema,
  date: z.string(),
  name: z.string(),
  closed: closedSchema,
  note: z.string().optional(),
});

export const specialSessionSchema = z.object({
  date: z.string(),
  name: z.string(),
  kind: z.enum(['MUHURAT', 'SPECIAL']),
  exchanges: z.array(exchangeSchema),
  open: z.string().nullable(),
  close: z.string().nullable(),
  note: z.string().optional(),
});

export const holidayQuery = z.object({
  exchange: exchangeSchema.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
});

export const holidayKeyParams = z.object({ exchange: exchangeSchema, date: dateSchema });

export const holidayBody = z.object({
  exchange: exchangeSchema,
  date: dateSchema,
  name: z.string().trim().min(1).max(120),
  closed: closedSchema.default('FULL'),
  note: z.string().trim().max(500).optional(),
});

export const holidayPatchBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    closed: closedSchema.optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'give at least one of name, closed, note');

export const proposalSchema = z.object({
  id: z.string(),
  action: z.enum(['ADD', 'REMOVE']),
  holiday: holidaySchema,
  source: z.string(),
  status: z.enum(['PENDING', 'CONFIRMED', 'REJECTED']),
  createdAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
});

export const expiriesQuery = z.object({
  underlying: underlyingSchema,
  kind: z.enum(['FUT', 'OPT']).optional(),
  from: dateSchema.optional(),
});

export const expiriesSchema = z.object({
  underlying: z.string(),
  /** master: listed in the synced contract master; rules: derived from the expiry rules (no master rows). */
  source: z.enum(['master', 'rules']),
  expiries: z.array(z.string()),
});

export const optionChainQuery = z.object({
  underlying: underlyingSchema,
  expiry: dateSchema.optional(),
  width: z.coerce.number().int().min(1).max(50).default(10),
  spotPaise: z.coerce.number().int().positive().optional(),
});

const legSchema = z.object({
  instrumentId: z.string(),
  lotSize: z.number().int(),
  tickSizePaise: z.number().int(),
  freezeQty: z.number().int().nullable(),
  ltpPaise: z.number().int().nullable(),
  ltpAt: z.number().int().nullable(),
});

export const optionChainSchema = z.object({
  underlying: z.string(),
  expiry: z.string(),
  spotPaise: z.number().int(),
  spotSource: z.enum(['request', 'ltp']),
  atmStrike: z.number().nullable(),
  rows: z.array(z.object({ strike: z.number(), CE: legSchema.nullable(), PE: legSchema.nullable() })),
});

export const instrumentSchema = z.object({
  instrumentId: z.string(),
  underlying: z.string(),
  segment: segmentSchema,
  expiry: z.string().nullable(),
  strike: z.number().nullable(),
  optionType: z.enum(['CE', 'PE']).nullable(),
  lotSize: z.number().int(),
  tickSizePaise: z.number().int(),
  freezeQty: z.number().int().nullable(),
});

export const instrumentSearchQuery = z.object({
  q: z.string().trim().max(64).optional(),
  underlying: underlyingSchema.optional(),
  segment: segmentSchema.optional(),
  expiry: dateSchema.optional(),
  optionType: z.enum(['CE', 'PE']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const instrumentDetailSchema = z.object({
  instrument: instrumentSchema,
  brokers: z.array(
    z.object({ broker: z.string(), brokerSymbol: z.string(), token: z.string(), exchangeCode: z.string().nullable() }),
  ),
});

export const syncStatusSchema = z.object({
  source: z.string(),
  segment: z.string(),
  rows: z.number().int(),
  lastSuccessAt: z.number().int().nullable(),
  lastAttemptAt: z.number().int(),
  lastError: z.string().nullable(),
});

export const syncResultSchema = z.object({
  ok: z.boolean(),
  source: z.string(),
  rows: z.number().int().optional(),
  segments: z.record(z.string(), z.number().int()).optional(),
  errors: z.array(z.string()).optional(),
});
