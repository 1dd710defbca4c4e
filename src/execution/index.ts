/** Order gateway: one command in, at most one broker order out, tracked to a terminal state. */
export { createOrderGateway, type OrderGateway, type OrderGatewayDeps } from './gateway';
export { type OrderCommand, orderCommandSchema, type TradeEvent, tradeEventSchema } from './messages';
export { sweepOrderOutbox } from './outbox';
export { createRouter, type LiveAdapterFactory, type Route, type Router } from './routing';
export { createTradeLedger, type TradeLedger } from './trade-ledger';
