/**
 * Zod schemas of Fyers' payloads (reference/brokers.md §1.2–1.5). Parsed at the edge, never trusted. Objects are
 * loose: Fyers adds fields freely, and only the named ones are read.
 */
import { z } from 'zod';

/** Every REST reply: `{ s, code, message }` (§1.2). */
export const fyersEnvelope = z.looseObject({
  s: z.string(),
  code: z.number().optional(),
  message: z.string().optional(),
});
export type FyersEnvelope = z.infer<typeof fyersEnvelope>;

/** Place / modify / cancel reply (§1.3). `id` may be absent on a 201 (no acknowledgement). */
export const fyersOrderReply = z.looseObject({
  s: z.string(),
  code: z.number(),
  message: z.string().optional(),
  id: z.string().optional(),
});
export type FyersOrderReply = z.infer<typeof fyersOrderReply>;

/** One order-book row (§1.4). */
export const fyersOrderRow = z.looseObject({
  id: z.string(),
  symbol: z.string(),
  qty: z.number(),
  filledQty: z.number().default(0),
  remainingQuantity: z.number().optional(),
  status: z.number().int(),
  type: z.number().int(),
  side: z.number().int(),
  productType: z.string(),
  limitPrice: z.number().default(0),
  stopPrice: z.number().default(0),
  tradedPrice: z.number().default(0),
  message: z.string().optional(),
  orderTag: z.string().optional(),
  orderDateTime: z.string().optional(),
  fyToken: z.string().optional(),
});
export type FyersOrderRow = z.infer<typeof fyersOrderRow>;

export const fyersOrderBookReply = z.looseObject({ s: z.string(), orderBook: z.array(fyersOrderRow).default([]) });

/** One trade-book row (§1.4). */
export const fyersTradeRow = z.looseObject({
  orderNumber: z.string(),
  tradeNumber: z.string(),
  symbol: z.string(),
  tradePrice: z.number(),
  tradedQty: z.number(),
  side: z.number().int(),
  productType: z.string().optional(),
  orderDateTime: z.string().optional(),
  orderTag: z.string().optional(),
});
export type FyersTradeRow = z.infer<typeof fyersTradeRow>;

export const fyersTradeBookReply = z.looseObject({ s: z.string(), tradeBook: z.array(fyersTradeRow).default([]) });

/** One net-position row (§1.4). */
export const fyersPositionRow = z.looseObject({
  symbol: z.string(),
  netQty: z.number(),
  buyAvg: z.number().default(0),
  sellAvg: z.number().default(0),
  productType: z.string(),
  realized_profit: z.number().default(0),
});
export type FyersPositionRow = z.infer<typeof fyersPositionRow>;

export const fyersPositionsReply = z.looseObject({
  s: z.string(),
  netPositions: z.array(fyersPositionRow).default([]),
});

/** Funds (§1.3): a list of titled amounts. */
export const fyersFundsReply = z.looseObject({
  s: z.string(),
  fund_limit: z.array(
    z.looseObject({
      id: z.number(),
      title: z.string(),
      equityAmount: z.number(),
      commodityAmount: z.number().default(0),
    }),
  ),
});
export type FyersFundsReply = z.infer<typeof fyersFundsReply>;

/** validate-authcode reply (§1.1 step 4). */
export const fyersTokenReply = z.looseObject({
  s: z.literal('ok'),
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
});

/** The access token's JWT payload: `exp` and the feed's `hsm_key` (§1.1, §1.6). */
export const fyersTokenClaims = z.looseObject({
  exp: z.number(),
  hsm_key: z.string().optional(),
  fy_id: z.string().optional(),
});
export type FyersTokenClaims = z.infer<typeof fyersTokenClaims>;

/** A raw order push on the order socket (§1.5): raw field names, before the SDK's renaming. */
export const fyersRawOrderPush = z.looseObject({
  id: z.string(),
  symbol: z.string(),
  qty: z.number(),
  qty_filled: z.number().default(0),
  qty_remaining: z.number().optional(),
  price_limit: z.number().default(0),
  price_stop: z.number().default(0),
  price_traded: z.number().default(0),
  ord_type: z.number().int(),
  tran_side: z.number().int(),
  product_type: z.string(),
  /** Public status 1–7, where present. */
  org_ord_status: z.number().int().optional(),
  /** Internal OMS status (e.g. 20, 90), mapped to 1–7 when `org_ord_status` is absent. */
  ord_status: z.number().int().optional(),
  oms_msg: z.string().optional(),
  ordertag: z.string().optional(),
  time_oms: z.string().optional(),
  fy_token: z.string().optional(),
});
export type FyersRawOrderPush = z.infer<typeof fyersRawOrderPush>;

/** Place-order body (§1.3). */
export interface FyersPlaceOrderBody {
  readonly symbol: string;
  readonly qty: number;
  readonly type: 1 | 2 | 3 | 4;
  readonly side: 1 | -1;
  readonly productType: 'CNC' | 'INTRADAY' | 'MARGIN';
  readonly limitPrice: number;
  readonly stopPrice: number;
  readonly validity: 'DAY' | 'IOC';
  readonly disclosedQty: 0;
  readonly offlineOrder: false;
  readonly stopLoss: 0;
  readonly takeProfit: 0;
  readonly orderTag?: string;
}

/** Modify-order body (§1.3): absent fields keep their old values. */
export interface FyersModifyOrderBody {
  readonly id: string;
  readonly type: 1 | 2 | 3 | 4;
  readonly qty?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
}
