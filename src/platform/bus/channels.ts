/** Every pub/sub channel, stream and key prefix the platform uses is named here, and nowhere else. */
export const CHANNELS = {
  /** A batch of ticks for one feed publish cycle: rows of id, ltp, bid, ask, volume, ts (`decodeTickBatch`). */
  ticks: 'md.ticks',
  /** A closed candle: `md.candle.<tf>m.<instrumentId>`. */
  candle: (timeframeMin: number, id: string) => `md.candle.${timeframeMin}m.${id}`,
  candlePattern: (timeframeMin: number) => `md.candle.${timeframeMin}m.*`,
  /** Order and trade lifecycle events for one user: `ev.user.<userId>`. */
  userEvents: (userId: string) => `ev.user.${userId}`,
  userEventsPattern: 'ev.user.*',
  /** Broker account mode changes (effectiveMode + reason). */
  accountMode: 'ev.account-mode',
  /** Strategy runtime events for admin screens. */
  strategyEvents: 'ev.strategy',
  /** Market reference data changed ({ kind: 'calendar' | 'instruments' }): holiday edits, master swaps. */
  marketReference: 'ev.market-reference',
  /** Feed health of one feed process (FeedHealth JSON), about once a second: admin screens. */
  feedHealth: 'md.feed-health',
  /** Instruments a consumer needs quoted (DemandMessage JSON: owner + its whole need), renewed within the lease. */
  demand: 'md.demand',
} as const;

export const STREAMS = {
  /** Order commands (enter, exit, cancel, square-off) consumed by executors in one group. */
  orderCommands: 'stream.order-commands',
  /** Commands that could not be processed, with the reason. */
  orderDeadLetters: 'stream.order-dead-letters',
} as const;

export const GROUPS = {
  executor: 'executor',
} as const;

export const KEYS = {
  /** The LTP cache: one hash, a field per instrument id, value `ltp,bid,ask,volume,ts` (paise, units, ms). */
  ltp: 'ltp',
  /**
   * Bars still being built by the feed: one hash, field `<timeframeMin>:<instrumentId>`, value
   * `start,open,high,low,close,volume` (ms, paise, units). Charts show it as the last, in-progress bar.
   */
  liveCandles: 'candle-live',
  /** Idempotency guard for one client order id. */
  orderIdempotency: (clientOrderId: string) => `idem:order:${clientOrderId}`,
  /** Heartbeat of one role instance: value JSON, TTL a few intervals. */
  heartbeat: (role: string, instance: string) => `hb:${role}:${instance}`,
  heartbeatPattern: 'hb:*',
} as const;
