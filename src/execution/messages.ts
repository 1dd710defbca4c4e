import { z } from 'zod';

/** An order command on the durable stream (version 1). It names an order row; the row holds the details. */
export const orderCommandSchema = z.object({
  v: z.literal(1),
  kind: z.enum(['PLACE', 'CANCEL']),
  orderId: z.uuid(),
  clientOrderId: z.string().min(1).max(64),
  /** Wall-clock ms when enqueued, for latency metrics only. */
  enqueuedAt: z.number().int(),
});
export type OrderCommand = z.infer<typeof orderCommandSchema>;

/** Trade lifecycle events published to the owning user's channel. */
export const tradeEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('trade'),
  event: z.enum(['ENTRY', 'EXIT', 'CLOSED', 'REJECTED']),
  tradeId: z.uuid(),
  userId: z.uuid(),
  at: z.number().int(),
});
export type TradeEvent = z.infer<typeof tradeEventSchema>;
