/** How a broker supports a feature: natively, emulated by the adapter or gateway, or not at all. */
export type Support = 'native' | 'emulated' | 'none';

/** Published order-rate limits of a broker, per app or per client as the broker defines them. */
export interface RateLimits {
  readonly perSecond?: number;
  readonly perMinute?: number;
  readonly per15Minutes?: number;
  readonly perDay?: number;
}

/** When a broker session stops working. */
export type SessionExpiryRule =
  /** Every day at this IST wall time (e.g. '03:00'), unless the token says earlier. */
  | { readonly kind: 'DAILY_AT_IST'; readonly time: string }
  /** Never (the paper broker). */
  | { readonly kind: 'NEVER' };

/** The `has` map: data read by the gateway and the UI; no code outside a broker's folder names the broker. */
export interface Capabilities {
  readonly createOrder: Support;
  readonly modifyOrder: Support;
  readonly cancelOrder: Support;
  /** Find an order by our client order id: native (broker filters by tag), emulated (scan of the order book). */
  readonly fetchOrderByTag: Support;
  /** Push stream of order updates; otherwise the gateway polls. */
  readonly watchOrders: Support;
  readonly watchTicks: Support;
  /** MARKET orders; 'none' means the gateway sends a protected LIMIT instead. */
  readonly marketOrders: Support;
  /** SL-M orders; 'none' means the gateway sends SL (stop-limit) instead. */
  readonly stopMarketOrders: Support;
  /**
   * How the exchange algo id travels: 'field' = the place-order request has an algo-id field the adapter fills;
   * 'none' = the broker documents no such field (its integration tags orders itself), so the platform only
   * records the id on the order row.
   */
  readonly algoId: 'field' | 'none';
  /** Order tag carrying our client order id; without one, an order of unknown outcome is found by order-book match. */
  readonly orderTag: { readonly supported: boolean; readonly maxLength: number; readonly alphanumericOnly: boolean };
  /** Freeze-quantity slicing done by the broker ('none': the gateway slices). */
  readonly slicing: Support;
  readonly orderRateLimits: RateLimits;
  readonly sessionExpiry: SessionExpiryRule;
}
