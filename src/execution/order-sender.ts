import { type BrokerAdapter, BrokerError, type BrokerOrder } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import { SEBI_CLIENT_SEGMENT_PER_SECOND } from '#src/domain/risk';
import { type Bus, KEYS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import type { AccountRisk } from './account-risk';
import type { InstrumentRules } from './instrument-rules';
import type { OrderOutcomes } from './order-outcomes';
import type { OrderMove, OrderRow } from './order-store';
import { orderRequestFor } from './order-terms';
import type { RateLimiter, RateScope } from './rate-limiter';
import type { Route } from './routing';

const IDEMPOTENCY_TTL_MS = 3 * 24 * 3_600_000;
/** Resends after a broker said, by its order book, that an order of unknown outcome does not exist. */
const MAX_RESENDS = 3;
const READ_RETRIES = 3;

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
  /** The broker's view of an order: by broker id when known, else by our tag. */
  lookup(adapter: BrokerAdapter, o: OrderRow): Promise<BrokerOrder | undefined>;
}

export interface OrderSenderDeps {
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
}

export function createOrderSender(deps: OrderSenderDeps): OrderSender {
  const { move, outcomes } = deps;

  /** Reads are safe to repeat: a few quick retries spare the whole command a redelivery for one 5xx. */
  const lookup = (adapter: BrokerAdapter, o: OrderRow) =>
    withRetries(() =>
      o.brokerOrderId ? adapter.fetchOrder(o.brokerOrderId) : adapter.fetchOrderByTag(o.clientOrderId),
    );

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
    const req = orderRequestFor(
      o,
      r.adapter.capabilities,
      deps.rules,
      await deps.quote(o.instrumentId as InstrumentId),
    );
    await deps.limiter.acquire(scopes(o, r));
    const submitted = await move(o, 'SUBMITTED', { route: r.route, routeReason: r.reason, broker: r.broker });
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
    const found = await lookup(r.adapter, o);
    if (found) {
      await outcomes.apply(o, found);
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
      const found = await lookup(r.adapter, o);
      if (found) {
        await outcomes.apply(o, found);
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
