import { z } from 'zod';

export const positionSchema = z.object({
  tradeId: z.string(),
  accountId: z.string(),
  accountLabel: z.string(),
  brokerMode: z.enum(['paper', 'live']),
  strategy: z.string(),
  instrumentId: z.string(),
  side: z.enum(['BUY', 'SELL']),
  qtyUnits: z.number().int(),
  entryPricePaise: z.number().int(),
  ltpPaise: z.number().int(),
  pnlPaise: z.number().int(),
  isStale: z.boolean(),
  enteredAt: z.number().int(),
});

export const tradeSchema = z.object({
  id: z.string(),
  strategy: z.string(),
  accountLabel: z.string(),
  brokerMode: z.enum(['paper', 'live']),
  instrumentId: z.string(),
  side: z.enum(['BUY', 'SELL']),
  qtyUnits: z.number().int(),
  lots: z.number().int(),
  status: z.enum(['PENDING_ENTRY', 'OPEN', 'EXITING', 'CLOSED', 'ENTRY_TIMEOUT', 'REJECTED']),
  entryPricePaise: z.number().int().nullable(),
  exitPricePaise: z.number().int().nullable(),
  exitReason: z.string().nullable(),
  pnlPaise: z.number().int().nullable(),
  enteredAt: z.number().int().nullable(),
  exitedAt: z.number().int().nullable(),
});
