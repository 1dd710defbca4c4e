/** Market data: feed sources, the feed pipeline, the LTP cache, candles and staleness. */
export { type CandleBuilder, createCandleBuilder } from './candles/candle-builder';
export {
  CANDLE_TIMEFRAMES,
  type CandleSet,
  type CandleTimeframe,
  createCandleSet,
  isCandleTimeframe,
} from './candles/candle-set';
export { type CandleStore, createCandleStore } from './candles/candle-store';
export { createLiveCandles, type LiveCandles } from './candles/live-candles';
export { type AccountFeedSourceDeps, createAccountFeedSource } from './feed/account-feed-source';
export { type Backoff, createBackoff } from './feed/backoff';
export { type BrokerFeedHandlers, type BrokerFeedSource, createBrokerFeedSource } from './feed/broker-feed-source';
export { createDemandRegistry, type DemandMessage, type DemandRegistry, demandMessageSchema } from './feed/demand';
export { createFeed, type Feed, type FeedDeps } from './feed/feed';
export type { FeedHealth } from './feed/feed-health';
export type { FeedConnection, FeedSource } from './feed/feed-source';
export { normaliseTicks } from './feed/normalise';
export * from './holidays';
export * from './instrument-sync';
export { createLtpCache, decodeTickBatch, encodeTickBatch, type LtpCache } from './ltp-cache';
export { MARKET_ERROR_TABLE, MARKET_ERRORS, MarketError, type MarketErrorCode } from './market-errors';
export { type MarketService, type MarketServiceDeps, startMarketService } from './market-service';
export { loadMarketReference, type MarketReference } from './reference-data';
export {
  createStalenessMonitor,
  DEFAULT_STALE_AFTER_MS,
  type StaleChange,
  type StalenessMonitor,
} from './staleness/staleness';
export { createTickStaleness, type TickStaleness } from './staleness/tick-staleness';
