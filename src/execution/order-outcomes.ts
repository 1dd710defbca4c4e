import type { BrokerOrder } from '#src/brokers/contract';
import { averagePrice, isTerminal, type OrderStatus } from '#src/domain/order';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
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
    const parent = await parentOf(db, o.id);
    if (parent) return aggregate(parent);
    return settle(o);
  };

  return {
    finish,
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
