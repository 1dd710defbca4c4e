import { z } from 'zod';
import { InvalidInstrumentIdError, instrumentId } from '#src/domain/instrument';

/**
 * The /api/v1/stream protocol, version 2 (version 1 was `subscribe` with pnl/ltp/trades only; still accepted).
 *
 * Client → server: {type:'subscribe'|'unsubscribe', channels:[...], instruments?:[...]} and {type:'ping'}.
 * Server → client frames, one JSON object each:
 *   hello      {type, user, now, protocol, rateHz}                   first frame
 *   subscribed {type, channels, instruments}                         ack with the client's whole subscription
 *   ltp        {type, now, quotes:{id:{ltpPaise,bidPaise,askPaise,ts,isStale}}, snapshot?:true}
 *              partial (only quotes changed since the last frame) unless `snapshot` is true; merge by id
 *   pnl        {type, now, userId, totalPnlPaise, realisedPaise, isStale, positions:[…]} full, only when changed
 *   clock      {type, now}                                           about once a second when nothing changed
 *   trade      {type, event, trade}                                  own trade entered / exiting / closed
 *   order      {type, event, trade}                                  ops.orders: every user's trade events
 *   strategy   {type, event}                                         ops.strategy: strategy runtime events
 *   feed       {type, health}                                        ops.feed: feed health and stale instruments
 *   pong       {type, now}
 *   error      {type, code, detail, channel?}                        INVALID_JSON, INVALID_MESSAGE, FORBIDDEN
 */
export const STREAM_PROTOCOL_VERSION = 2;

/** Channels any signed-in user may join (own data), and admin channels that need 'ops:read'. */
export const USER_CHANNELS = ['pnl', 'ltp', 'trades'] as const;
export const OPS_CHANNELS = ['ops.feed', 'ops.strategy', 'ops.orders'] as const;
export type UserChannel = (typeof USER_CHANNELS)[number];
export type OpsChannel = (typeof OPS_CHANNELS)[number];
/** `pnl:<userId>`: one user's P&L, for that user or for ops. */
export type UserPnlChannel = `pnl:${string}`;
export type StreamChannel = UserChannel | OpsChannel | UserPnlChannel;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const channelSchema = z.union([
  z.enum([...USER_CHANNELS, ...OPS_CHANNELS]),
  z
    .string()
    .regex(/^pnl:/)
    .refine((c) => UUID.test(c.slice(4)), 'pnl:<userId> needs a user id'),
]);

const instrumentSchema = z
  .string()
  .max(100)
  .transform((raw, ctx) => {
    try {
      return instrumentId(raw);
    } catch (e) {
      if (!(e instanceof InvalidInstrumentIdError)) throw e;
      ctx.addIssue({ code: 'custom', message: e.message });
      return z.NEVER;
    }
  });

/** Most instruments one socket may watch: a full chain of one underlying and then some. */
export const MAX_INSTRUMENTS_PER_CLIENT = 2_500;

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['subscribe', 'unsubscribe']),
    channels: z.array(channelSchema).max(16).default([]),
    instruments: z.array(instrumentSchema).max(MAX_INSTRUMENTS_PER_CLIENT).optional(),
  }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Closes with these codes: 4401 unauthenticated, 4408 slow consumer (reconnect and resubscribe). */
export const CLOSE_CODES = { unauthenticated: 4401, slowConsumer: 4408, heartbeat: 4000 } as const;

/** Serialises a frame; the hub calls it once per frame and shares the string between clients. */
export const frame = (body: Record<string, unknown>): string => JSON.stringify(body);
