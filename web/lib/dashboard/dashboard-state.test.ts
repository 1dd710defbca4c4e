import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Position, Trade } from '../api/types';
import { dashboardReducer, initialDashboardState, summarise, upsertTrade } from './dashboard-state';

function position(over: Partial<Position> = {}): Position {
  return {
    tradeId: 't1',
    accountId: 'a1',
    accountLabel: 'Asha · Paper',
    brokerMode: 'paper',
    strategy: 'MYN-OPT',
    instrumentId: 'NFO:NIFTY:2026-12-01:CE:24000',
    side: 'BUY',
    qtyUnits: 75,
    entryPricePaise: 12000,
    ltpPaise: 12500,
    pnlPaise: 37500,
    isStale: false,
    enteredAt: 1_000,
    ...over,
  };
}

function trade(over: Partial<Trade> = {}): Trade {
  return {
    id: 't1',
    strategy: 'MYN-OPT',
    accountLabel: 'Asha · Paper',
    brokerMode: 'paper',
    instrumentId: 'NFO:NIFTY:2026-12-01:CE:24000',
    side: 'BUY',
    qtyUnits: 75,
    lots: 1,
    status: 'OPEN',
    entryPricePaise: 12000,
    exitPricePaise: null,
    exitReason: null,
    pnlPaise: null,
    enteredAt: 1_000,
    exitedAt: null,
    ...over,
  };
}

describe('dashboard state', () => {
  test('sums the REST snapshot until the first pnl frame arrives', () => {
    const s = dashboardReducer(initialDashboardState, {
      type: 'snapshot',
      positions: [
        position({ pnlPaise: 100 }),
        position({ tradeId: 't2', pnlPaise: -30, isStale: true, brokerMode: 'live' }),
      ],
      trades: [
        trade({ id: 'c1', status: 'CLOSED', pnlPaise: 500 }),
        trade({ id: 'r1', status: 'REJECTED' }),
        trade({ id: 'o1' }),
      ],
    });
    assert.deepEqual(summarise(s), {
      openPnlPaise: 70,
      realisedPaise: 500,
      openCount: 2,
      liveCount: 1,
      isStale: true,
      tradeCount: 3,
      closedCount: 1,
      failedCount: 1,
    });
  });

  test('takes totals, positions and server time from a pnl frame', () => {
    const s = dashboardReducer(initialDashboardState, {
      type: 'frame',
      frame: { type: 'pnl', now: 42, totalPnlPaise: -900, realisedPaise: 250, positions: [position()] },
    });
    const { openPnlPaise, realisedPaise, openCount, isStale } = summarise(s);
    assert.deepEqual(
      { openPnlPaise, realisedPaise, openCount, isStale },
      {
        openPnlPaise: -900,
        realisedPaise: 250,
        openCount: 1,
        isStale: false,
      },
    );
    assert.equal(s.serverNow, 42);
  });

  test('moves the server clock on a clock frame and changes nothing else', () => {
    const s = dashboardReducer(initialDashboardState, { type: 'frame', frame: { type: 'clock', now: 77 } });
    assert.deepEqual(s, { ...initialDashboardState, serverNow: 77 });
  });

  test('merges ltp quotes by instrument', () => {
    const q = (ltpPaise: number) => ({ ltpPaise, bidPaise: ltpPaise - 5, askPaise: ltpPaise + 5, ts: 1 });
    let s = dashboardReducer(initialDashboardState, {
      type: 'frame',
      frame: { type: 'ltp', now: 1, quotes: { A: q(100), B: q(200) } },
    });
    s = dashboardReducer(s, { type: 'frame', frame: { type: 'ltp', now: 2, quotes: { A: q(105) } } });
    assert.deepEqual(Object.fromEntries(Object.entries(s.quotes).map(([k, v]) => [k, v.ltpPaise])), { A: 105, B: 200 });
  });

  test('patches a trade row from a trade frame and keeps newest first', () => {
    const start = dashboardReducer(initialDashboardState, {
      type: 'snapshot',
      positions: [],
      trades: [trade({ id: 'old', enteredAt: 1 }), trade({ id: 't1', enteredAt: 5 })],
    });
    const closed = trade({ id: 't1', enteredAt: 5, status: 'CLOSED', pnlPaise: 1200, exitedAt: 9 });
    const s = dashboardReducer(start, { type: 'frame', frame: { type: 'trade', event: 'CLOSED', trade: closed } });
    assert.deepEqual(
      s.trades.map((t) => [t.id, t.status]),
      [
        ['t1', 'CLOSED'],
        ['old', 'OPEN'],
      ],
    );
  });

  test('puts a trade still waiting for entry above entered ones', () => {
    const rows = upsertTrade([trade({ id: 'a', enteredAt: 10 })], trade({ id: 'p', enteredAt: null }));
    assert.deepEqual(
      rows.map((t) => t.id),
      ['p', 'a'],
    );
  });
});
