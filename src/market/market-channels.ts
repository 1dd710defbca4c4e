/**
 * Market-data channel names not yet in platform/bus/channels.ts (owned by the platform engineer); they move
 * there verbatim when it is next edited. Nothing else names them.
 */
export const MARKET_CHANNELS = {
  /** Feed health of one feed process (FeedHealth JSON), about once a second: admin screens. */
  feedHealth: 'md.feed-health',
  /** Instruments a consumer needs quoted: DemandMessage JSON, renewed within the lease. */
  demand: 'md.demand',
} as const;
