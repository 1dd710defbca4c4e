/** The dashboard's data as one pure reducer: REST snapshots and stream frames go in, table rows come out. */
import type { Position, Quote, Trade } from '../api/types';
import type { ServerFrame } from '../stream/frames';

/** Everything the dashboard shows that comes from the server. */
export interface DashboardState {
  positions: Position[];
  trades: Trade[];
  quotes: Record<string, Quote>;
  /** From the latest `pnl` frame; undefined until one arrives, when the REST snapshot is summed instead. */
  totalPnlPaise: number | undefined;
  realisedPaise: number | undefined;
  /** Server time of the latest frame, so an accelerated demo clock shows as such. */
  serverNow: number | undefined;
}

/** Inputs to the reducer. */
export type DashboardAction =
  | { type: 'snapshot'; positions: Position[]; trades: Trade[] }
  | { type: 'frame'; frame: ServerFrame };

/** The state before anything has loaded. */
export const initialDashboardState: DashboardState = {
  positions: [],
  trades: [],
  quotes: {},
  totalPnlPaise: undefined,
  realisedPaise: undefined,
  serverNow: undefined,
};

/** Newest first; trades not yet entered (no time) go on top because they are the ones in flight. */
function byEnteredDesc(a: Trade, b: Trade): number {
  return (b.enteredAt ?? Number.MAX_SAFE_INTEGER) - (a.enteredAt ?? Number.MAX_SAFE_INTEGER);
}

/** Replaces the trade with the same id, or adds it. */
export function upsertTrade(trades: readonly Trade[], trade: Trade): Trade[] {
  const rest = trades.filter((t) => t.id !== trade.id);
  return [...rest, trade].sort(byEnteredDesc);
}

function applyFrame(state: DashboardState, frame: ServerFrame): DashboardState {
  switch (frame.type) {
    case 'hello':
      return state;
    case 'pnl':
      return {
        ...state,
        positions: frame.positions,
        totalPnlPaise: frame.totalPnlPaise,
        realisedPaise: frame.realisedPaise,
        serverNow: frame.now,
      };
    case 'ltp':
      return { ...state, quotes: { ...state.quotes, ...frame.quotes }, serverNow: frame.now };
    case 'trade':
      return { ...state, trades: upsertTrade(state.trades, frame.trade) };
    case 'clock':
      return { ...state, serverNow: frame.now };
  }
}

/** The reducer. */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  if (action.type === 'frame') return applyFrame(state, action.frame);
  return { ...state, positions: action.positions, trades: [...action.trades].sort(byEnteredDesc) };
}

/** Figures for the summary cards. */
export interface DashboardSummary {
  openPnlPaise: number;
  realisedPaise: number;
  openCount: number;
  /** Open positions on live broker accounts (the rest are paper). */
  liveCount: number;
  isStale: boolean;
  tradeCount: number;
  closedCount: number;
  /** Trades that never got a position: rejected or timed out at entry. */
  failedCount: number;
}

/** Card figures: from the stream when it has spoken, else summed from the REST snapshot. */
export function summarise(state: DashboardState): DashboardSummary {
  const { positions, trades } = state;
  const closed = trades.filter((t) => t.status === 'CLOSED');
  return {
    openPnlPaise: state.totalPnlPaise ?? positions.reduce((sum, p) => sum + p.pnlPaise, 0),
    realisedPaise: state.realisedPaise ?? closed.reduce((sum, t) => sum + (t.pnlPaise ?? 0), 0),
    openCount: positions.length,
    liveCount: positions.filter((p) => p.brokerMode === 'live').length,
    isStale: positions.some((p) => p.isStale),
    tradeCount: trades.length,
    closedCount: closed.length,
    failedCount: trades.filter((t) => t.status === 'REJECTED' || t.status === 'ENTRY_TIMEOUT').length,
  };
}
