'use client';

import { summarise } from '../../lib/dashboard/dashboard-state';
import styles from './dashboard.module.css';
import { HeaderBar } from './header-bar';
import { PositionsTable } from './positions-table';
import { SummaryCards } from './summary-cards';
import { TradesTable } from './trades-table';
import { useDashboard } from './use-dashboard';

const countLabel = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The trader's live view: summary cards, open positions and today's trades. */
export function Dashboard() {
  const { user, state, status, hasFigures, error, signOut } = useDashboard();
  const summary = hasFigures ? summarise(state) : undefined;
  return (
    <>
      <HeaderBar user={user} status={status} serverNow={state.serverNow} onLogout={() => void signOut()} />
      {/* Figures dim while the stream is down: they are the last known values, not live ones. */}
      <main className={`${styles.main} ${status === 'live' ? '' : styles.offline}`}>
        {error && (
          <p className={styles.banner} role="alert">
            {error}
          </p>
        )}
        <SummaryCards summary={summary} />
        <section className={styles.panel}>
          <div className={styles.panelHead}>
            <h2>Open positions</h2>
            <span className={styles.panelMeta}>{hasFigures ? `${state.positions.length} open` : 'Loading…'}</span>
          </div>
          <PositionsTable positions={state.positions} quotes={state.quotes} isLoading={!hasFigures} />
        </section>
        <section className={styles.panel}>
          <div className={styles.panelHead}>
            <h2>Today&apos;s trades</h2>
            <span className={styles.panelMeta}>
              {hasFigures ? countLabel(state.trades.length, 'trade', 'trades') : 'Loading…'}
            </span>
          </div>
          <TradesTable trades={state.trades} isLoading={!hasFigures} />
        </section>
      </main>
    </>
  );
}
