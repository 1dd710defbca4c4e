import { and, eq } from 'drizzle-orm';
import { roundToTick } from '#src/domain/money/paise';
import { positionPnl } from '#src/domain/order';
import { type Bus, CHANNELS } from '#src/platform/bus';
import { type Db, tables } from '#src/platform/db';
import type { TradeEvent } from './messages';

const { trades } = tables;

/** Applies an order's final fill to its trade: entry fills open it (fixing SL/target), exit fills close it. */
export interface TradeLedger {
  /** `qtyUnits` is the filled quantity when less than the trade's (a partly filled entry that was cancelled). */
  onEntryFilled(p: { tradeId: string; avgPricePaise: number; at: number; qtyUnits?: number }): Promise<void>;
  onExitFilled(p: { tradeId: string; avgPricePaise: number; at: number; reason: string | null }): Promise<void>;
  onEntryRejected(p: { tradeId: string; at: number }): Promise<void>;
  /** An entry cancelled unfilled after the entry timeout: the trade ends as ENTRY_TIMEOUT. */
  onEntryTimedOut(p: { tradeId: string; at: number }): Promise<void>;
  /**
   * An exit that failed leaves the trade open, so monitoring can retry it. A part-filled exit leaves the rest open:
   * the next exit has a different open quantity, hence a different (quantity-aware) client order id.
   */
  onExitFailed(p: { tradeId: string; filledQtyUnits?: number }): Promise<void>;
}

export function createTradeLedger(deps: {
  db: Db;
  bus: Bus;
  tickPaise: (instrumentId: string) => number;
}): TradeLedger {
  const publish = async (event: TradeEvent['event'], tradeId: string, userId: string, at: number) => {
    const msg: TradeEvent = { v: 1, type: 'trade', event, tradeId, userId, at };
    await deps.bus.publish(CHANNELS.userEvents(userId), msg);
  };
  return {
    async onEntryFilled({ tradeId, avgPricePaise, at, qtyUnits }) {
      const [t] = await deps.db.select().from(trades).where(eq(trades.id, tradeId));
      if (t?.status !== 'PENDING_ENTRY') return;
      const tick = deps.tickPaise(t.instrumentId);
      const long = t.side === 'BUY';
      const sl = roundToTick(avgPricePaise * (1 + ((long ? -1 : 1) * t.risk.slPct) / 100), tick);
      const target = roundToTick(avgPricePaise * (1 + ((long ? 1 : -1) * t.risk.targetPct) / 100), tick);
      const updated = await deps.db
        .update(trades)
        .set({
          status: 'OPEN',
          entryPricePaise: avgPricePaise,
          slPaise: sl,
          targetPaise: target,
          enteredAt: at,
          ...(qtyUnits !== undefined && qtyUnits < t.qtyUnits ? { qtyUnits } : {}),
        })
        .where(and(eq(trades.id, tradeId), eq(trades.status, 'PENDING_ENTRY')))
        .returning({ id: trades.id });
      if (updated.length > 0) await publish('ENTRY', tradeId, t.userId, at);
    },
    async onExitFilled({ tradeId, avgPricePaise, at, reason }) {
      const [t] = await deps.db.select().from(trades).where(eq(trades.id, tradeId));
      if (!t || t.status === 'CLOSED' || t.entryPricePaise === null) return;
      const side = t.side === 'BUY' ? 'BUY' : 'SELL';
      const pnl = positionPnl({ side, qtyUnits: t.qtyUnits, entryPaise: t.entryPricePaise, markPaise: avgPricePaise });
      const updated = await deps.db
        .update(trades)
        .set({
          status: 'CLOSED',
          exitPricePaise: avgPricePaise,
          pnlPaise: pnl,
          exitedAt: at,
          exitReason: t.exitReason ?? reason,
        })
        .where(and(eq(trades.id, tradeId), eq(trades.status, 'EXITING')))
        .returning({ id: trades.id });
      if (updated.length > 0) await publish('CLOSED', tradeId, t.userId, at);
    },
    async onEntryRejected({ tradeId, at }) {
      const rows = await deps.db
        .update(trades)
        .set({ status: 'REJECTED' })
        .where(and(eq(trades.id, tradeId), eq(trades.status, 'PENDING_ENTRY')))
        .returning({ userId: trades.userId });
      if (rows[0]) await publish('REJECTED', tradeId, rows[0].userId, at);
    },
    async onEntryTimedOut({ tradeId, at }) {
      const rows = await deps.db
        .update(trades)
        .set({ status: 'ENTRY_TIMEOUT' })
        .where(and(eq(trades.id, tradeId), eq(trades.status, 'PENDING_ENTRY')))
        .returning({ userId: trades.userId });
      if (rows[0]) await publish('REJECTED', tradeId, rows[0].userId, at);
    },
    async onExitFailed({ tradeId, filledQtyUnits }) {
      const [t] = await deps.db.select().from(trades).where(eq(trades.id, tradeId));
      if (t?.status !== 'EXITING') return;
      const left = t.qtyUnits - (filledQtyUnits ?? 0);
      await deps.db
        .update(trades)
        .set({ status: 'OPEN', exitReason: null, qtyUnits: left > 0 ? left : t.qtyUnits })
        .where(and(eq(trades.id, tradeId), eq(trades.status, 'EXITING')));
    },
  };
}
