import { and, eq, inArray } from 'drizzle-orm';
import { type BrokerAdapter, BrokerError, type BrokerOrder, type OrderType } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { canTransition, type OrderStatus } from '#src/domain/order';
import { type Bus, KEYS, STREAMS, type StreamEntry } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import { type OrderCommand, orderCommandSchema } from './messages';
import { orderUpdate } from './order-state';
import type { Route, Router } from './routing';
import type { TradeLedger } from './trade-ledger';

const { orders, fills } = tables;
type OrderRow = typeof orders.$inferSelect;

const IDEMPOTENCY_TTL_MS = 3 * 24 * 3_600_000;

/** The order gateway: one command in, at most one broker order out, tracked to a terminal state. */
export interface OrderGateway {
  /** Handles one stream entry; resolves to acknowledge it. Safe to call again with the same entry. */
  handle(entry: StreamEntry): Promise<void>;
  /** Polls working orders at their brokers and applies what changed (for brokers without an update stream). */
  trackWorkingOrders(): Promise<void>;
}

export interface OrderGatewayDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly router: Router;
  readonly ledger: TradeLedger;
  /** This executor's name, recorded as the idempotency key's holder. */
  readonly instance: string;
}

export function createOrderGateway(deps: OrderGatewayDeps): OrderGateway {
  const { db, bus, clock, log } = deps;

  const deadLetter = async (reason: string, entry: StreamEntry) => {
    log.error({ reason, entryId: entry.id }, 'order command dead-lettered');
    await bus.append(STREAMS.orderDeadLetters, { reason, entryId: entry.id, message: entry.message, at: clock.now() });
    deps.metrics.commandsProcessed.inc({ kind: 'unknown', result: 'dead_letter' });
  };

  /** Moves an order row, only along the transition table and only from the status we read. */
  const move = async (o: OrderRow, to: OrderStatus, set: Partial<OrderRow> = {}): Promise<OrderRow | undefined> => {
    if (o.status !== to && !canTransition(o.status as OrderStatus, to)) return undefined;
    const [row] = await db
      .update(orders)
      .set({ ...set, status: to, updatedAt: clock.now() })
      .where(and(eq(orders.id, o.id), eq(orders.status, o.status)))
      .returning();
    return row;
  };

  /** Applies the broker's view of an order: status, fills, and the trade it belongs to. */
  const apply = async (o: OrderRow, b: BrokerOrder) => {
    const u = orderUpdate(b);
    if (u.status === o.status && u.filledQtyUnits === o.filledQtyUnits) return;
    const row = await move(o, u.status, u);
    if (!row) return;
    if (u.filledQtyUnits > o.filledQtyUnits) {
      await db
        .insert(fills)
        .values({
          orderId: o.id,
          fillId: `${b.brokerOrderId}:${u.filledQtyUnits}`,
          qtyUnits: u.filledQtyUnits - o.filledQtyUnits,
          pricePaise: u.avgPricePaise,
          at: clock.now(),
        })
        .onConflictDoNothing();
    }
    const at = clock.now();
    if (u.status === 'FILLED' && o.purpose === 'ENTRY')
      await deps.ledger.onEntryFilled({ tradeId: o.tradeId, avgPricePaise: u.avgPricePaise, at });
    if (u.status === 'FILLED' && o.purpose === 'EXIT')
      await deps.ledger.onExitFilled({ tradeId: o.tradeId, avgPricePaise: u.avgPricePaise, at, reason: null });
    if (u.status === 'REJECTED' || u.status === 'CANCELLED' || u.status === 'EXPIRED') await settleFailure(row);
  };

  const settleFailure = async (o: OrderRow) => {
    if (o.purpose === 'ENTRY') await deps.ledger.onEntryRejected({ tradeId: o.tradeId, at: clock.now() });
    else await deps.ledger.onExitFailed({ tradeId: o.tradeId });
  };

  const send = async (o: OrderRow, r: Route): Promise<void> => {
    const submitted = await move(o, 'SUBMITTED', { route: r.route, routeReason: r.reason, broker: r.broker });
    if (!submitted) return;
    try {
      const ack = await r.adapter.createOrder({
        clientOrderId: o.clientOrderId,
        instrumentId: o.instrumentId as InstrumentId,
        side: o.side === 'SELL' ? 'SELL' : 'BUY',
        qtyUnits: o.qtyUnits,
        orderType: o.orderType as OrderType,
        product: 'INTRADAY',
        ...(o.limitPricePaise !== null ? { limitPricePaise: o.limitPricePaise as never } : {}),
      });
      deps.metrics.ordersSent.inc({ route: r.route, outcome: 'accepted' });
      const open = await move(submitted, 'OPEN', { brokerOrderId: ack.brokerOrderId });
      const b = await r.adapter.fetchOrder(ack.brokerOrderId);
      if (open && b) await apply(open, b);
    } catch (err) {
      if (!(err instanceof BrokerError)) throw err;
      deps.metrics.ordersSent.inc({ route: r.route, outcome: err.retryable ? 'unknown' : 'rejected' });
      if (err.retryable) {
        // Accepted ≠ filled and a timeout ≠ a rejection: the order may exist. Resolve by tag before any resend.
        const unknown = await move(submitted, 'UNKNOWN', { rejectReason: `${err.code}: ${err.message}` });
        if (unknown) await resolveUnknown(unknown, r);
        return;
      }
      const rejected = await move(submitted, 'REJECTED', { rejectReason: `${err.code}: ${err.message}` });
      if (rejected) await settleFailure(rejected);
    }
  };

  /** Looks an order of unknown outcome up by its tag; applies it if found, otherwise it was never placed. */
  const resolveUnknown = async (o: OrderRow, r: Route): Promise<void> => {
    const found = await lookup(r.adapter, o);
    if (found) {
      await apply(o, found);
      return;
    }
    // Definite evidence that the broker has no such order: it is safe to send it (once more).
    const fresh = await move(o, 'SUBMITTED');
    if (fresh) throw new Error(`order ${o.clientOrderId} not found at ${r.broker} after an unknown outcome; retrying`);
  };

  const lookup = (adapter: BrokerAdapter, o: OrderRow) =>
    o.brokerOrderId ? adapter.fetchOrder(o.brokerOrderId) : adapter.fetchOrderByTag(o.clientOrderId);

  const place = async (cmd: OrderCommand, entry: StreamEntry) => {
    const [o] = await db.select().from(orders).where(eq(orders.id, cmd.orderId));
    if (!o || o.clientOrderId !== cmd.clientOrderId) return deadLetter(`order ${cmd.orderId} not found`, entry);
    if (!['NEW', 'SUBMITTED', 'UNKNOWN'].includes(o.status)) return; // already handled: a redelivery
    const r = await deps.router.routeFor(o.accountId);
    const claimed = await bus.setIfAbsent(KEYS.orderIdempotency(o.clientOrderId), deps.instance, IDEMPOTENCY_TTL_MS);
    if (claimed && o.status === 'NEW') return send(o, r);
    // Someone handled this id before (a crash after claiming, or a redelivery): never send blind.
    const found = await lookup(r.adapter, o);
    if (found) return apply(o, found);
    if (o.status === 'NEW' || o.status === 'SUBMITTED')
      return send(o.status === 'NEW' ? o : { ...o, status: 'UNKNOWN' }, r);
    return resolveUnknown(o, r);
  };

  return {
    async handle(entry) {
      const parsed = orderCommandSchema.safeParse(entry.message);
      if (!parsed.success) return deadLetter(`invalid command: ${parsed.error.message}`, entry);
      const cmd = parsed.data;
      if (cmd.kind !== 'PLACE') return deadLetter(`command ${cmd.kind} is not supported yet`, entry);
      await place(cmd, entry);
      deps.metrics.commandsProcessed.inc({ kind: cmd.kind, result: 'ok' });
      deps.metrics.commandLatencyMs.observe(Date.now() - cmd.enqueuedAt);
    },
    async trackWorkingOrders() {
      const working = await db
        .select()
        .from(orders)
        .where(inArray(orders.status, ['OPEN', 'PARTIALLY_FILLED']));
      for (const o of working) {
        try {
          const r = await deps.router.routeFor(o.accountId);
          const b = await lookup(r.adapter, o);
          if (b) await apply(o, b);
        } catch (err) {
          log.warn({ err, clientOrderId: o.clientOrderId }, 'order tracking failed; will retry');
        }
      }
    },
  };
}
