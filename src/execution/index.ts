/** Order gateway: one command in, at most one broker order out, tracked to a terminal state. */
export { type AccountRisk, createAccountRisk } from './account-risk';
export { createDeadLetters, type DeadLetters } from './dead-letters';
export { createOrderGateway, type OrderGateway, type OrderGatewayDeps } from './gateway';
export { createHalts, type Halts } from './halts';
export type { InstrumentRules } from './instrument-rules';
export { createLiveAdapters, type LiveAdapters, type LiveAdaptersDeps } from './live-adapters';
export { createManualControl, type ManualControl, ManualControlError } from './manual-control';
export { instrumentRulesFrom } from './market-rules';
export { type OrderCommand, orderCommandSchema, type TradeEvent, tradeEventSchema } from './messages';
export {
  createOrderTracking,
  type OrderTracking,
  type OrderUpdateSink,
  type PushResult,
} from './order-updates';
export { sweepOrderOutbox } from './outbox';
export { createRateLimiter, type RateLimiter, type RateScope } from './rate-limiter';
export { createReconciler, type Reconciler } from './reconciler';
export { createRouter, type LiveAdapterFactory, type Route, type Router } from './routing';
export { exitOrderFor, type SquareOffResult, squareOff } from './square-off';
export { createTradeLedger, type TradeLedger } from './trade-ledger';
