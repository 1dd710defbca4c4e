import type { ReactNode } from 'react';
import type { DashboardSummary } from '../../lib/dashboard/dashboard-state';
import { formatCount, formatPnlPaise, pnlTone } from '../../lib/format/money';
import styles from './dashboard.module.css';

function Card(props: { label: ReactNode; value: ReactNode; tone?: string; note: string | undefined }) {
  return (
    <div className={styles.card}>
      <div className={styles.cardLabel}>{props.label}</div>
      <div className={`${styles.cardValue} num ${props.tone ?? ''}`}>{props.value}</div>
      <div className={styles.cardNote}>{props.note ?? '\u00a0'}</div>
    </div>
  );
}

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The four figures at the top: open P&L, realised today, open positions and trades today. */
export function SummaryCards({ summary: s }: { summary: DashboardSummary | undefined }) {
  const openLabel = (
    <>
      Open P&amp;L
      {s?.isStale && (
        <span className={styles.staleTag} title="At least one position has no fresh price">
          stale
        </span>
      )}
    </>
  );
  return (
    <section className={styles.cards} aria-label="Summary">
      <Card
        label={openLabel}
        tone={s ? pnlTone(s.openPnlPaise) : 'flat'}
        value={<span data-testid="open-pnl">{s ? formatPnlPaise(s.openPnlPaise) : '—'}</span>}
        note={s && 'Unrealised, marked to LTP'}
      />
      <Card
        label="Realised today"
        tone={s ? pnlTone(s.realisedPaise) : 'flat'}
        value={s ? formatPnlPaise(s.realisedPaise) : '—'}
        note={s && `From ${plural(s.closedCount, 'closed trade', 'closed trades')}`}
      />
      <Card
        label="Open positions"
        value={s ? formatCount(s.openCount) : '—'}
        note={s && `${formatCount(s.liveCount)} live · ${formatCount(s.openCount - s.liveCount)} paper`}
      />
      <Card
        label="Trades today"
        value={s ? formatCount(s.tradeCount) : '—'}
        note={
          s && (s.failedCount > 0 ? `${formatCount(s.failedCount)} rejected or timed out` : `${s.closedCount} closed`)
        }
      />
    </section>
  );
}
