/** The BrokerAdapter contract: operations, capability map, error tree and the unified order vocabulary. */
export type {
  AdapterDeps,
  BrokerAdapter,
  BrokerAuth,
  BrokerDefinition,
  FeedDeps,
  FeedState,
  MarketFeed,
  OrderStreamState,
  Unwatch,
} from './broker-adapter';
export type { Capabilities, RateLimits, SessionExpiryRule, Support } from './capabilities';
export {
  BROKER_ERROR_CODES,
  BrokerError,
  type BrokerErrorCode,
  defineErrorTable,
  type ErrorTable,
  isRetryable,
  isSessionError,
  mapBrokerError,
} from './errors';
export * from './types';
