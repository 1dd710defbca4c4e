/** Market data: feed sources, the feed pipeline, the LTP cache and candles. */
export { type CandleBuilder, createCandleBuilder } from './candles/candle-builder';
export { createFeed, type Feed, type FeedDeps } from './feed/feed';
export type { FeedSource } from './feed/feed-source';
export { createLtpCache, type LtpCache } from './ltp-cache';
export { loadMarketReference, type MarketReference } from './reference-data';
