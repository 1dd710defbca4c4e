import { and, eq, inArray } from 'drizzle-orm';
import type { BrokerOrder, OrderStreamState } from '#src/brokers/contract';
import { isTerminal, type OrderStatus } from '#src/domain/order';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import type { OrderGateway } from './gateway';
import type { OrderOutcomes } from './order-outcomes';
import type { OrderRow } from './order-store';

const { orders } = tables;

/** What applying one pushed order update did. */
export type PushResult = 'applied' | 'unchanged' | 'unmatched';

/** Statuses in which a live order may still learn something from its broker. */
const AT_BROKER = ['SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED'];
/** Moves lost to another handler (tracking, the sender) before the update is given up to tracking. */
const MAX_ATTEMPTS = 3;

/**
 * The account's live order a pushed update is about: by our tag (the client order id, a unique index), else by
 * broker order id among orders still at their broker. Undefined when the update is not about one of ours.
 */
async function findPushed(db: Db, accountId: string, b: BrokerOrder): Promise<OrderRow | undefined> {
  const ours = (r: OrderRow | undefined) => (r && r.accountId === accountId && r.route === 'live' ? r : undefined);
  if (b.clientOrderId) {
    const [tagged] = await db.select().from(orders).where(eq(orders.clientOrderId, b.clientOrderId));
    if (ours(tagged)) return tagged;
  }
  const [byId] = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.brokerOrderId, b.brokerOrderId),
        eq(orders.accountId, accountId),
        inArray(orders.status, AT_BROKER),
      ),
    )
    .limit(1);
  return ours(byId);
}

/**
 * Applies a pushed order update through the same path tracking uses. Every move is a compare-and-set, so the same
 * update twice, or one racing a poll or the sender, moves the order at most once; a lost race re-reads the row.
 */
export async function applyPushedOrder(
  deps: { db: Db; outcomes: Pick<OrderOutcomes, 'apply'> },
  accountId: string,
  b: BrokerOrder,
): Promise<PushResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const o = await findPushed(deps.db, accountId, b);
    if (!o) return attempt === 0 ? 'unmatched' : 'unchanged';
    if (isTerminal(o.status as OrderStatus)) return 'unchanged';
    // An update older than what the row already knows (a poll read it first) must not take a fill back.
    if (b.filledQtyUnits < o.filledQtyUnits) return 'unchanged';
    const row = await deps.outcomes.apply(o, b);
    if (row) return row === o ? 'unchanged' : 'applied';
  }
  return 'unchanged';
}

/** Where live adapters report an account's order stream: its pushed orders and whether it is connected. */
export interface OrderUpdateSink {
  onUpdate(accountId: string, order: BrokerOrder): void;
  onState(accountId: string, state: OrderStreamState): void;
}

/** Pushed order updates in, polling only where (or when) no stream covers an account. */
export interface OrderTracking extends OrderUpdateSink {
  /**
   * One tracking pass: polls the working orders of accounts without a connected order stream, and every
   * `streamedPollMs` those of every account as a safety net.
   */
  poll(): Promise<void>;
  /** Accounts whose order stream is connected now. */
  streaming(): ReadonlySet<string>;
  /** Resolves when every update pushed so far has been applied. */
  drain(): Promise<void>;
}

export interface OrderTrackingDeps {
  readonly gateway: Pick<OrderGateway, 'applyBrokerUpdate' | 'trackWorkingOrders'>;
  readonly log: Logger;
  readonly metrics: Pick<Metrics, 'orderUpdatesPushed'>;
  /** Polling period, ms of wall time, of the orders of accounts whose stream is connected. */
  readonly streamedPollMs: number;
  readonly now?: () => number;
}

/** Applies each account's pushes in arrival order (one after another), and decides which accounts tracking polls. */
export function createOrderTracking(deps: OrderTrackingDeps): OrderTracking {
  const now = deps.now ?? Date.now;
  const live = new Set<string>();
  const queues = new Map<string, Promise<void>>();
  let lastFullPoll = now();

  const applyOne = async (accountId: string, order: BrokerOrder) => {
    try {
      const result = await deps.gateway.applyBrokerUpdate(accountId, order);
      deps.metrics.orderUpdatesPushed.inc({ result });
    } catch (err) {
      // Polling still finds the order; a failed push costs only latency.
      deps.log.warn(
        { err, accountId, brokerOrderId: order.brokerOrderId },
        'pushed order update failed; tracking will',
      );
    }
  };

  return {
    onUpdate(accountId, order) {
      const next = (queues.get(accountId) ?? Promise.resolve()).then(() => applyOne(accountId, order));
      queues.set(accountId, next);
      void next.then(() => queues.get(accountId) === next && queues.delete(accountId));
    },
    onState(accountId, state) {
      if (state === 'LIVE') live.add(accountId);
      else live.delete(accountId);
    },
    streaming: () => live,
    async poll() {
      const full = live.size === 0 || now() - lastFullPoll >= deps.streamedPollMs;
      if (full) lastFullPoll = now();
      await deps.gateway.trackWorkingOrders(full ? {} : { exceptAccounts: [...live] });
    },
    async drain() {
      while (queues.size > 0) await Promise.all([...queues.values()]);
    },
  };
}
