/** Orders in the platform's vocabulary: lifecycle table, deterministic ids, quantities and P&L. */
export { type ClientOrderId, entryOrderId, exitOrderId, isSliceOrderId, sliceOrderId } from './client-order-id';
export {
  canTransition,
  InvariantError,
  isTerminal,
  ORDER_STATUSES,
  type OrderStatus,
  transition,
} from './order-status';
export { averagePrice, type PositionSide, positionPnl, scaledQuantity } from './pnl';
export {
  applyOrderTypeSupport,
  type MarketableType,
  protectedLimitPaise,
  protectionPct,
  type SendableTerms,
} from './price-protection';
export { maxSliceUnits, roundDownToLots, sliceQuantity } from './slicing';
