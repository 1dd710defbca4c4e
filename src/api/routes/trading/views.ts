import { and, desc, eq, inArray } from 'drizzle-orm';
import { istDate } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { positionPnl } from '#src/domain/order';
import type { LtpCache } from '#src/market';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';

const { trades, brokerAccounts, strategySettings } = tables;

/** A price older than this (market clock) while it is being shown is flagged stale rather than shown as live. */
const STALE_AFTER_MS = 15_000;

export interface PositionView {
  tradeId: string;
  accountId: string;
  accountLabel: string;
  brokerMode: 'paper' | 'live';
  strategy: string;
  instrumentId: string;
  side: 'BUY' | 'SELL';
  qtyUnits: number;
  entryPricePaise: number;
  ltpPaise: number;
  pnlPaise: number;
  isStale: boolean;
  enteredAt: number;
}

export interface TradeView {
  id: string;
  strategy: string;
  accountLabel: string;
  brokerMode: 'paper' | 'live';
  instrumentId: string;
  side: 'BUY' | 'SELL';
  qtyUnits: number;
  lots: number;
  status: 'PENDING_ENTRY' | 'OPEN' | 'EXITING' | 'CLOSED' | 'ENTRY_TIMEOUT' | 'REJECTED';
  entryPricePaise: number | null;
  exitPricePaise: number | null;
  exitReason: string | null;
  pnlPaise: number | null;
  enteredAt: number | null;
  exitedAt: number | null;
}

/** Read models of a trader's trading: open positions marked to the LTP cache, and today's trades. */
export interface TradingViews {
  positions(userId: string): Promise<PositionView[]>;
  trades(userId: string): Promise<TradeView[]>;
  trade(userId: string, tradeId: string): Promise<TradeView | undefined>;
}

const side = (s: string): 'BUY' | 'SELL' => (s === 'SELL' ? 'SELL' : 'BUY');
const mode = (m: string): 'paper' | 'live' => (m === 'live' ? 'live' : 'paper');

export function createTradingViews(deps: { db: Db; ltpCache: LtpCache; clock: Clock }): TradingViews {
  const base = () =>
    deps.db
      .select({ t: trades, accountLabel: brokerAccounts.label, strategy: strategySettings.name })
      .from(trades)
      .innerJoin(brokerAccounts, eq(brokerAccounts.id, trades.accountId))
      .innerJoin(strategySettings, eq(strategySettings.id, trades.settingId));
  type Row = Awaited<ReturnType<ReturnType<typeof base>['where']>>[number];
  const toView = ({ t, accountLabel, strategy }: Row): TradeView => ({
    id: t.id,
    strategy,
    accountLabel,
    brokerMode: mode(t.route),
    instrumentId: t.instrumentId,
    side: side(t.side),
    qtyUnits: t.qtyUnits,
    lots: t.lots,
    status: t.status as TradeView['status'],
    entryPricePaise: t.entryPricePaise,
    exitPricePaise: t.exitPricePaise,
    exitReason: t.exitReason,
    pnlPaise: t.pnlPaise,
    enteredAt: t.enteredAt,
    exitedAt: t.exitedAt,
  });
  return {
    async positions(userId) {
      const rows = await base().where(and(eq(trades.userId, userId), inArray(trades.status, ['OPEN', 'EXITING'])));
      const quotes = await deps.ltpCache.readMany(rows.map((r) => r.t.instrumentId as InstrumentId));
      const now = deps.clock.now();
      return rows.map(({ t, accountLabel, strategy }) => {
        const q = quotes.get(t.instrumentId as InstrumentId);
        const entry = t.entryPricePaise ?? 0;
        const ltp = q?.ltp ?? entry;
        return {
          tradeId: t.id,
          accountId: t.accountId,
          accountLabel,
          brokerMode: mode(t.route),
          strategy,
          instrumentId: t.instrumentId,
          side: side(t.side),
          qtyUnits: t.qtyUnits,
          entryPricePaise: entry,
          ltpPaise: ltp,
          pnlPaise: positionPnl({ side: side(t.side), qtyUnits: t.qtyUnits, entryPaise: entry, markPaise: ltp }),
          isStale: !q || now - q.ts > STALE_AFTER_MS,
          enteredAt: t.enteredAt ?? t.createdAt,
        };
      });
    },
    async trades(userId) {
      const day = istDate(deps.clock.now());
      const rows = await base()
        .where(and(eq(trades.userId, userId), eq(trades.tradingDay, day)))
        .orderBy(desc(trades.createdAt));
      return rows.map(toView);
    },
    async trade(userId, tradeId) {
      const [row] = await base().where(and(eq(trades.userId, userId), eq(trades.id, tradeId)));
      return row ? toView(row) : undefined;
    },
  };
}
