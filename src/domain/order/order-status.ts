/**
 * The platform's order lifecycle, as one transition table. Accepted is not filled; UNKNOWN (a timeout or 5xx on
 * a write) is resolved by an order-book lookup before anything is resent.
 */
export const ORDER_STATUSES = [
  'NEW', // recorded, not yet sent
  'SUBMITTED', // sent, no answer yet
  'UNKNOWN', // the send timed out or failed ambiguously: must be looked up by tag
  'OPEN', // accepted by the broker / resting
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'REJECTED',
  'EXPIRED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  NEW: ['SUBMITTED', 'REJECTED', 'CANCELLED'],
  SUBMITTED: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'UNKNOWN', 'CANCELLED', 'EXPIRED'],
  UNKNOWN: ['SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'CANCELLED', 'EXPIRED'],
  OPEN: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED'],
  FILLED: [],
  CANCELLED: [],
  REJECTED: [],
  EXPIRED: [],
};

/** Thrown for an impossible state transition: a broken invariant, never an expected failure. */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Returns `to` when the move is legal; throws InvariantError otherwise. Same-state moves are no-ops. */
export function transition(from: OrderStatus, to: OrderStatus): OrderStatus {
  if (from === to) return to;
  if (!canTransition(from, to)) throw new InvariantError(`order cannot move from ${from} to ${to}`);
  return to;
}

export function isTerminal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
