import { and, eq, exists, inArray, not, or, sql } from 'drizzle-orm';
import type { BrokerOrder } from '#src/brokers/contract';
import { averagePrice, isSliceOrderId, isTerminal, type OrderStatus } from '#src/domain/order';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';

const { orders } = tables;

import type { AccountRisk } from './account-risk';
import { orderUpdate } from './order-state';
import { childrenOf, type OrderMove, type OrderRow, parentOf } from './order-store';
import type { TradeLedger } from './trade-ledger';

/** Why an entry was cancelled by the gateway itself; kept on the row so the trade ends as ENTRY_TIMEOUT. */
export const ENTRY_TIMEOUT = 'ENTRY_TIMEOUT';

/** Applies what a broker reports about an order to the store, and settles trades when orders end. */
export interface OrderOutcomes {
  /** Applies the broker's view; returns the row as it now stands (undefined when another handler moved it). */
  apply(o: OrderRow, b: BrokerOrder): Promise<OrderRow | undefined>;
  /** Settles a leaf order that reached a terminal state without a broker order (a definite rejection). */
  finish(o: OrderRow): Promise<void>;
  /**
   * Finishes what a crash interrupted: parents whose slices have all ended, and trades still waiting on an order
   * that has ended. Every step is a conditional update, so running it again changes nothing.
   */
  repair(): Promise<number>;
}

export function createOrderOutcomes(deps: {
  db: Db;
  clock: Clock;
  move: OrderMove;
  ledger: TradeLedger;
  risk: AccountRisk;
}): OrderOutcomes {
  const { db, clock, move, ledger } = deps;

  /** A top-level order (not a slice) ended: its trade learns the filled quantity and average price. */
  const settle = async (o: OrderRow) => {
    const at = clock.now();
    const filled = o.filledQtyUnits;
    if (o.purpose === 'ENTRY') {
      if (filled > 0)
        return ledger.onEntryFilled({ tradeId: o.tradeId, avgPricePaise: o.avgPricePaise, at, qtyUnits: filled });
      if (o.rejectReason === ENTRY_TIMEOUT) return ledger.onEntryTimedOut({ tradeId: o.tradeId, at });
      return ledger.onEntryRejected({ tradeId: o.tradeId, at });
    }
    if (filled === o.qtyUnits && filled > 0) {
      await ledger.onExitFilled({ tradeId: o.tradeId, avgPricePaise: o.avgPricePaise, at, reason: null });
      return deps.risk.onTradeClosed(o.accountId);
    }
    return ledger.onExitFailed({ tradeId: o.tradeId, filledQtyUnits: filled });
  };

  /** When every slice of a parent has ended, the parent ends with their total fill and average price. */
  const aggregate = async (parent: OrderRow) => {
    const children = await childrenOf(db, parent.id);
    if (children.some((c) => !isTerminal(c.status as OrderStatus))) return;
    const filled = children.reduce((s, c) => s + c.filledQtyUnits, 0);
    const avg = averagePrice(children.map((c) => ({ qtyUnits: c.filledQtyUnits, pricePaise: c.avgPricePaise })));
    const allRejected = children.every((c) => c.status === 'REJECTED');
    const status: OrderStatus = filled === parent.qtyUnits ? 'FILLED' : allRejected ? 'REJECTED' : 'CANCELLED';
    const reason = children.find((c) => c.rejectReason === ENTRY_TIMEOUT)?.rejectReason ?? children[0]?.rejectReason;
    const moved = await move(parent, status, { filledQtyUnits: filled, avgPricePaise: avg, rejectReason: reason });
    if (moved) await settle(moved);
  };

  const finish = async (o: OrderRow) => {
    // Only slices have parents; their ids say so, which spares a query per order.
    const parent = isSliceOrderId(o.clientOrderId) ? await parentOf(db, o.id) : undefined;
    if (parent) return aggregate(parent);
    return settle(o);
  };

  const repair = async () => {
    const isChild = exists(db.select().from(tables.orderSlices).where(eq(tables.orderSlices.childOrderId, orders.id)));
    const isParent = exists(
      db.select().from(tables.orderSlices).where(eq(tables.orderSlices.parentOrderId, orders.id)),
    );
    // A later exit of the same trade may still be working; only then is an ended exit the one to settle.
    const noWorkingExit = sql`not exists (select 1 from orders w where w.trade_id = ${orders.tradeId}
      and w.purpose = 'EXIT' and w.status in ('NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED'))`;
    const parents = await db
      .select()
      .from(orders)
      .where(and(eq(orders.status, 'OPEN'), isParent));
    for (const p of parents) await aggregate(p);
    const stuck = await db
      .select({ o: orders })
      .from(orders)
      .innerJoin(tables.trades, eq(tables.trades.id, orders.tradeId))
      .where(
        and(
          not(isChild),
          inArray(orders.status, ['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED']),
          or(
            and(eq(orders.purpose, 'ENTRY'), eq(tables.trades.status, 'PENDING_ENTRY')),
            and(eq(orders.purpose, 'EXIT'), eq(tables.trades.status, 'EXITING'), noWorkingExit),
          ),
        ),
      );
    for (const { o } of stuck) await settle(o);
    return parents.length + stuck.length;
  };

  return {
    finish,
    repair,
    async apply(o, b) {
      const u = orderUpdate(b);
      if (u.status === o.status && u.filledQtyUnits === o.filledQtyUnits) return o;
      const row = await move(o, u.status, { ...u, rejectReason: u.rejectReason ?? o.rejectReason });
      if (!row) return undefined;
      if (u.filledQtyUnits > o.filledQtyUnits) {
        await db
          .insert(tables.fills)
          .values({
            orderId: o.id,
            fillId: `${b.brokerOrderId}:${u.filledQtyUnits}`,
            qtyUnits: u.filledQtyUnits - o.filledQtyUnits,
            pricePaise: u.avgPricePaise,
            at: clock.now(),
          })
          .onConflictDoNothing();
      }
      if (isTerminal(row.status as OrderStatus)) await finish(row);
      return row;
    },
  };
}
