import { z } from 'zod';

export const idParam = z.object({ id: z.uuid() });
export const reasonBody = z.object({ reason: z.string().min(3).max(500) });
export const killBody = z.object({ engage: z.boolean(), reason: z.string().min(3).max(500) });
export const entryBody = z.object({
  instrumentId: z.string().min(3).max(80),
  side: z.enum(['BUY', 'SELL']),
  lots: z.number().int().positive().max(1_000),
  /** The caller's id for this request: a retried request is the same entry, never a second one. */
  requestId: z.string().min(1).max(64),
});
export const squareOffResult = z.object({ exits: z.number().int(), cancels: z.number().int() });
export const deadLetterSchema = z.object({
  id: z.number().int(),
  entryId: z.string(),
  reason: z.string(),
  message: z.unknown(),
  deliveries: z.number().int(),
  at: z.number().int(),
});
export const haltSchema = z.object({
  id: z.string(),
  scope: z.string(),
  accountId: z.string().nullable(),
  reason: z.string(),
  detail: z.string().nullable(),
  haltedBy: z.string().nullable(),
  haltedAt: z.number().int(),
});
