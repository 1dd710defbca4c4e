import type { BrokerOrder } from '#src/brokers/contract';

/** What a broker's order book says about an order we sent but never heard back about. */
export type BookMatch =
  | { readonly kind: 'found'; readonly order: BrokerOrder }
  | { readonly kind: 'absent' }
  /** More than one order could be ours: never guess — the order stays UNKNOWN and is flagged. */
  | { readonly kind: 'ambiguous'; readonly candidates: readonly BrokerOrder[] };

/** How far a broker's placement time may lie from our send time and still be our order. */
export interface MatchWindow {
  /** Before our send (clock skew between us and the broker). */
  readonly beforeMs: number;
  /** After our send (the broker's queueing; longer than any broker call). */
  readonly afterMs: number;
}

export const DEFAULT_MATCH_WINDOW: MatchWindow = { beforeMs: 10_000, afterMs: 60_000 };

/**
 * Finds an order in a broker's book without a tag (for brokers whose orders carry none): same instrument, side and
 * quantity, placed within the window around our send time, not already linked to another of our orders, and not
 * carrying someone else's tag. Exactly one candidate is ours; none means the order was not placed; more than one
 * is ambiguous. Pure: the caller reads the book and the links.
 */
export function matchUntaggedOrder(p: {
  readonly order: {
    readonly clientOrderId: string;
    readonly instrumentId: string;
    readonly side: string;
    readonly qtyUnits: number;
    /** When we sent it (our clock, epoch ms). */
    readonly sentAt: number;
  };
  readonly book: readonly BrokerOrder[];
  /** Broker order ids already linked to our other orders. */
  readonly linked: ReadonlySet<string>;
  readonly window?: MatchWindow;
}): BookMatch {
  const { order: o, window: w = DEFAULT_MATCH_WINDOW } = p;
  const candidates = p.book.filter(
    (b) =>
      b.instrumentId === o.instrumentId &&
      b.side === o.side &&
      b.qtyUnits === o.qtyUnits &&
      b.placedAt >= o.sentAt - w.beforeMs &&
      b.placedAt <= o.sentAt + w.afterMs &&
      !p.linked.has(b.brokerOrderId) &&
      (b.clientOrderId === undefined || b.clientOrderId === '' || b.clientOrderId === o.clientOrderId),
  );
  if (candidates.length === 1) return { kind: 'found', order: candidates[0]! };
  if (candidates.length === 0) return { kind: 'absent' };
  return { kind: 'ambiguous', candidates };
}
