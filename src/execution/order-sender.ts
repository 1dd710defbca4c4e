import { and, eq, inArray, ne } from 'drizzle-orm';
import { type BrokerAdapter, BrokerError, type BrokerOrder } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import { SEBI_CLIENT_SEGMENT_PER_SECOND } from '#src/domain/risk';
import { type Bus, KEYS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import type { AccountRisk } from './account-risk';
import { ALGO_ID_MISSING, type AlgoIdPolicy, algoIdVerdict, createAlgoIds } from './algo-ids';
import type { InstrumentRules } from './instrument-rules';
import { type BookMatch, type MatchWindow, matchUntaggedOrder } from './order-match';
import type { OrderOutcomes } from './order-outcomes';
import type { OrderMove, OrderRow } from './order-store';
import { orderRequestFor } from './order-terms';
import type { RateLimiter, RateScope } from './rate-limiter';
import type { Route } from './routing';

const IDEMPOTENCY_TTL_MS = 3 * 24 * 3_600_000;
/** Resends after a broker said, by its order book, that an order of unknown outcome does not exist. */
const MAX_RESENDS = 3;
const READ_RETRIES = 3;
/** Rounds of order-book matching when another of our orders claims the candidate first. */
const MATCH_ROUNDS = 3;

/** A reconciliation finding: an order of unknown outcome whose broker book holds several orders that could be it. */
export const AMBIGUOUS_ORDER = 'AMBIGUOUS_ORDER';

/** Thrown where an order of unknown outcome cannot be identified in a tagless broker's book. */
export class AmbiguousOrderError extends Error {
  override readonly name = 'AmbiguousOrderError';
}

/** Repeats a read on retryable broker errors with a short back-off (50, 100, 200 ms); rethrows the last one. */
async function withRetries<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof BrokerError) || !err.retryable || attempt >= READ_RETRIES) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}

/** Sends leaf orders: at most one broker order per client order id, whatever crashes and timeouts happen. */
export interface OrderSender {
  /** Sends a NEW order, or resolves one a previous handler left SUBMITTED/UNKNOWN (lookup first, then resend). */
  place(o: OrderRow, r: Route): Promise<void>;
  /** Cancels a working order at its broker and applies the result. */
  cancel(o: OrderRow, r: Route): Promise<void>;
  /**
   * The broker's view of an order: by broker id when known, else by our tag, else (a broker without tags) by
   * order-book match. Throws AmbiguousOrderError when the book holds several orders that could be it.
   */
  lookup(adapter: BrokerAdapter, o: OrderRow): Promise<BrokerOrder | undefined>;
}

export interface OrderSenderDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly move: OrderMove;
  readonly outcomes: OrderOutcomes;
  readonly risk: AccountRisk;
  readonly limiter: RateLimiter;
  readonly rules: InstrumentRules;
  readonly quote: (id: InstrumentId) => Promise<Tick | undefined>;
  /** This executor's name, recorded as the idempotency key's holder. */
  readonly instance: string;
  readonly clock: Clock;
  /** Longer than any broker call: a SUBMITTED order younger than this may still be in another handler's hands. */
  readonly inFlightMs: number;
  /** Exchange algo ids (config ALGO_ID_*); default: none, and none required. */
  readonly algoIds?: AlgoIdPolicy;
  /** Placement-time window of the order-book match for brokers without tags. */
  readonly matchWindow?: MatchWindow;
}

export function createOrderSender(deps: OrderSenderDeps): OrderSender {
  const { move, outcomes } = deps;
  const algoIds = createAlgoIds({ db: deps.db, ...(deps.algoIds ? { policy: deps.algoIds } : {}) });
  const { orders, reconciliationFindings: findings } = tables;

  /**
   * A tagless broker: our order is the one book entry of its instrument, side and quantity placed around our send
   * and linked to none of our other orders. Adopting one is claimed on the bus (set-if-absent), so two of our
   * orders resolving at once can never both adopt the same broker order.
   */
  const matchInBook = async (adapter: BrokerAdapter, o: OrderRow): Promise<BookMatch> => {
    const book = await withRetries(() => adapter.fetchOrders());
    const alike = book.filter(
      (b) => b.instrumentId === o.instrumentId && b.side === o.side && b.qtyUnits === o.qtyUnits,
    );
    const ids = alike.map((b) => b.brokerOrderId);
    const linked = new Set(
      ids.length === 0
        ? []
        : (
            await deps.db
              .select({ b: orders.brokerOrderId })
              .from(orders)
              .where(and(eq(orders.accountId, o.accountId), inArray(orders.brokerOrderId, ids), ne(orders.id, o.id)))
          ).map((r) => r.b as string),
    );
    const order = { ...o, sentAt: o.submittedAt ?? o.updatedAt };
    for (let round = 0; round < MATCH_ROUNDS; round++) {
      const m = matchUntaggedOrder({
        order,
        book: alike,
        linked,
        ...(deps.matchWindow ? { window: deps.matchWindow } : {}),
      });
      if (m.kind !== 'found') return m;
      const key = KEYS.orderIdempotency(`adopt:${o.accountId}:${m.order.brokerOrderId}`);
      if (await deps.bus.setIfAbsent(key, o.clientOrderId, IDEMPOTENCY_TTL_MS)) return m;
      if ((await deps.bus.get(key)) === o.clientOrderId) return m;
      linked.add(m.order.brokerOrderId); // another of our orders adopted it first
    }
    return { kind: 'ambiguous', candidates: [] };
  };

  /** Reads are safe to repeat: a few quick retries spare the whole command a redelivery for one 5xx. */
  const find = async (adapter: BrokerAdapter, o: OrderRow): Promise<BookMatch> => {
    let b: BrokerOrder | undefined;
    if (o.brokerOrderId) {
      const id = o.brokerOrderId;
      b = await withRetries(() => adapter.fetchOrder(id));
    } else if (adapter.capabilities.orderTag.supported) {
      b = await withRetries(() => adapter.fetchOrderByTag(o.clientOrderId));
    } else {
      return matchInBook(adapter, o);
    }
    return b ? { kind: 'found', order: b } : { kind: 'absent' };
  };

  const lookup = async (adapter: BrokerAdapter, o: OrderRow) => {
    const m = await find(adapter, o);
    if (m.kind === 'ambiguous') throw new AmbiguousOrderError(`order ${o.clientOrderId} is ambiguous at its broker`);
    return m.kind === 'found' ? m.order : undefined;
  };

  /**
   * Several broker orders could be ours: never guess. The order stays UNKNOWN (no resend, which could duplicate
   * it) and a finding asks admins to link it; every later sweep of the UNKNOWN order tries the match again.
   */
  const ambiguous = async (o: OrderRow, r: Route, m: Extract<BookMatch, { kind: 'ambiguous' }>) => {
    const detail = { orderId: o.id, broker: r.broker, candidates: m.candidates.map((c) => c.brokerOrderId) };
    await deps.db
      .insert(findings)
      .values({
        accountId: o.accountId,
        kind: AMBIGUOUS_ORDER,
        subject: o.clientOrderId,
        detail,
        status: 'OPEN',
        at: deps.clock.now(),
      })
      .onConflictDoUpdate({
        target: [findings.accountId, findings.kind, findings.subject],
        set: { detail, status: 'OPEN' },
      });
    deps.log.warn(
      { clientOrderId: o.clientOrderId, ...detail },
      'order of unknown outcome is ambiguous at its broker; flagged',
    );
    if (o.status === 'SUBMITTED') await move(o, 'UNKNOWN', { rejectReason: AMBIGUOUS_ORDER });
  };

  /** A match after an ambiguity settles the finding (only tagless brokers ever raise one). */
  const unflag = async (o: OrderRow, r: Route) => {
    if (r.adapter.capabilities.orderTag.supported || o.brokerOrderId) return;
    await deps.db
      .update(findings)
      .set({ status: 'RESOLVED' })
      .where(
        and(
          eq(findings.accountId, o.accountId),
          eq(findings.kind, AMBIGUOUS_ORDER),
          eq(findings.subject, o.clientOrderId),
          eq(findings.status, 'OPEN'),
        ),
      );
  };

  const scopes = (o: OrderRow, r: Route): RateScope[] => {
    if (r.route !== 'live') return [];
    const segment = deps.rules.segment(o.instrumentId as InstrumentId);
    return [
      { key: `app:${r.broker}:${o.accountId}`, limits: r.adapter.capabilities.orderRateLimits },
      { key: `seg:${o.accountId}:${segment}`, limits: { perSecond: SEBI_CLIENT_SEGMENT_PER_SECOND } },
    ];
  };

  /** After an accept, the broker's current view (an immediate fill); failures are left to tracking. */
  /**
   * After an accept: the broker's current view, applied in one move (SUBMITTED → FILLED for an immediate fill);
   * when the fetch fails the order is recorded OPEN with its broker id and tracking carries on.
   */
  const accepted = async (o: OrderRow, r: Route, brokerOrderId: string) => {
    try {
      const b = await withRetries(() => r.adapter.fetchOrder(brokerOrderId));
      if (b) {
        await outcomes.apply(o, b);
        return;
      }
    } catch (err) {
      if (!(err instanceof BrokerError) || !err.retryable) throw err;
      deps.log.debug({ clientOrderId: o.clientOrderId, code: err.code }, 'post-accept fetch failed; tracking will');
    }
    await move(o, 'OPEN', { brokerOrderId });
  };

  const send = async (o: OrderRow, r: Route, attempt: number): Promise<void> => {
    // The algo id is fixed at the first send; a resend of the same order carries the same one.
    const algoId = o.algoId ?? (await algoIds.forOrder(o, r.broker));
    if (algoIdVerdict({ algoId, route: r.route, purpose: o.purpose, policy: algoIds.policy }) !== 'ok') {
      // SEBI: no live algo order without an exchange algo id. Refused here, never sent; not a broker error streak.
      deps.log.warn({ clientOrderId: o.clientOrderId, broker: r.broker }, 'live entry has no algo id; refused');
      const refused = await move(o, 'REJECTED', {
        route: r.route,
        routeReason: r.reason,
        broker: r.broker,
        rejectReason: ALGO_ID_MISSING,
      });
      if (refused) await outcomes.finish(refused);
      return;
    }
    if (!algoId && r.route === 'live')
      deps.log.warn({ clientOrderId: o.clientOrderId, broker: r.broker }, 'live order sent without an algo id');
    // The quote and the rate windows are independent reads: one round trip, not two. The quote is read before any
    // pacing wait ends, exactly as when it was read first.
    const [quote] = await Promise.all([deps.quote(o.instrumentId as InstrumentId), deps.limiter.acquire(scopes(o, r))]);
    const req = orderRequestFor(o, r.adapter.capabilities, deps.rules, quote, algoId);
    const submitted = await move(o, 'SUBMITTED', {
      route: r.route,
      routeReason: r.reason,
      broker: r.broker,
      algoId: algoId ?? null,
      submittedAt: deps.clock.now(),
    });
    if (!submitted) return; // another handler owns this order now
    try {
      const ack = await r.adapter.createOrder(req);
      deps.metrics.ordersSent.inc({ route: r.route, outcome: 'accepted' });
      if (r.route === 'live') await deps.risk.onAccepted(o.accountId);
      await accepted(submitted, r, ack.brokerOrderId);
    } catch (err) {
      if (!(err instanceof BrokerError)) throw err;
      deps.metrics.ordersSent.inc({ route: r.route, outcome: err.retryable ? 'unknown' : 'rejected' });
      if (err.retryable) {
        // Accepted ≠ filled and a timeout ≠ a rejection: the order may exist. Resolve by tag before any resend.
        const unknown = await move(submitted, 'UNKNOWN', { rejectReason: `${err.code}: ${err.message}` });
        if (unknown) await resolveUnknown(unknown, r, attempt);
        return;
      }
      const rejected = await move(submitted, 'REJECTED', { rejectReason: `${err.code}: ${err.message}` });
      if (r.route === 'live') await deps.risk.onRejected(o.accountId);
      if (rejected) await outcomes.finish(rejected);
    }
  };

  const resolveUnknown = async (o: OrderRow, r: Route, attempt: number): Promise<void> => {
    const m = await find(r.adapter, o);
    if (m.kind === 'ambiguous') return ambiguous(o, r, m);
    await unflag(o, r);
    if (m.kind === 'found') {
      await outcomes.apply(o, m.order);
      return;
    }
    // Definite evidence from the broker's book that no such order exists: it is safe to send it once more.
    if (attempt < MAX_RESENDS) return send(o, r, attempt + 1);
    throw new Error(`order ${o.clientOrderId} still unresolved at ${r.broker} after ${attempt} resends`);
  };

  return {
    lookup,
    async place(o, r) {
      const claimed = await deps.bus.setIfAbsent(
        KEYS.orderIdempotency(o.clientOrderId),
        deps.instance,
        IDEMPOTENCY_TTL_MS,
      );
      if (claimed && o.status === 'NEW') return send(o, r, 0);
      // Another handler may still be waiting for the broker's answer to its send: a lookup now could miss an
      // order that is about to exist. Wait until that send has surely ended (the command is redelivered).
      if (o.status === 'SUBMITTED' && deps.clock.now() - o.updatedAt < deps.inFlightMs)
        throw new Error(`order ${o.clientOrderId} may still be in flight elsewhere; retrying later`);
      // Someone handled this id before (a crash after claiming, a redelivery, a lost bus): never send blind.
      const m = o.status === 'NEW' && !r.adapter.capabilities.orderTag.supported ? undefined : await find(r.adapter, o);
      if (m?.kind === 'ambiguous') return ambiguous(o, r, m);
      if (m) await unflag(o, r);
      if (m?.kind === 'found') {
        await outcomes.apply(o, m.order);
        return;
      }
      return send(o, r, 0);
    },
    async cancel(o, r) {
      if (!o.brokerOrderId) {
        const found = o.status === 'NEW' ? undefined : await lookup(r.adapter, o);
        if (found) return this.cancel((await outcomes.apply(o, found)) ?? o, r);
        const cancelled = await move(o, 'CANCELLED');
        if (cancelled) await outcomes.finish(cancelled);
        return;
      }
      try {
        await r.adapter.cancelOrder(o.brokerOrderId);
      } catch (err) {
        // A refused cancel usually means the order ended first (filled): the fetch below shows which.
        if (!(err instanceof BrokerError) || err.retryable) throw err;
      }
      const b = await r.adapter.fetchOrder(o.brokerOrderId);
      if (b) await outcomes.apply(o, b);
    },
  };
}
