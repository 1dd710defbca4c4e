import type { Trade, TradeStatus } from '../../lib/api/types';
import { formatCount, formatPricePaise } from '../../lib/format/money';
import { formatReasonCode } from '../../lib/format/reason';
import { formatIstTimeOrDash } from '../../lib/format/time';
import { AccountCell, FigureCell, InstrumentCell, PnlCell, SideCell } from './cells';
import styles from './tables.module.css';

const STATUS_LABELS: Record<TradeStatus, string> = {
  PENDING_ENTRY: 'Pending',
  OPEN: 'Open',
  EXITING: 'Exiting',
  CLOSED: 'Closed',
  ENTRY_TIMEOUT: 'Timed out',
  REJECTED: 'Rejected',
};

const price = (paise: number | null): string => (paise === null ? '–' : formatPricePaise(paise));

function StatusCell({ t }: { t: Trade }) {
  return (
    <td className={styles.aStatus}>
      <span className={`${styles.status} ${styles[`status_${t.status}`] ?? ''}`} title={t.exitReason ?? undefined}>
        {STATUS_LABELS[t.status]}
      </span>
    </td>
  );
}

function TradeRow({ t }: { t: Trade }) {
  return (
    <tr className={styles.tradeRow}>
      <td className={`num ${styles.aTime}`}>{formatIstTimeOrDash(t.enteredAt)}</td>
      <InstrumentCell id={t.instrumentId} />
      <SideCell side={t.side} />
      <FigureCell label="Qty" area={styles.aQty} title={`${t.lots} lot${t.lots === 1 ? '' : 's'}`}>
        {formatCount(t.qtyUnits)}
      </FigureCell>
      <FigureCell label="Entry" area={styles.aEntry}>
        {price(t.entryPricePaise)}
      </FigureCell>
      <FigureCell label="Exit" area={styles.aExit}>
        {price(t.exitPricePaise)}
      </FigureCell>
      <StatusCell t={t} />
      <PnlCell paise={t.pnlPaise} />
      <td className={`${styles.optional} ${styles.reason}`} title={t.exitReason ?? undefined}>
        {t.exitReason === null ? '–' : formatReasonCode(t.exitReason)}
      </td>
      <AccountCell label={t.accountLabel} mode={t.brokerMode} strategy={t.strategy} />
    </tr>
  );
}

/** Today's trades, newest first, patched by `trade` frames. */
export function TradesTable({ trades, isLoading }: { trades: Trade[]; isLoading: boolean }) {
  return (
    <div className={styles.scroller}>
      <table className={styles.table} data-testid="trades-table">
        <thead>
          <tr>
            <th>Entered</th>
            <th>Instrument</th>
            <th>Side</th>
            <th className={styles.right}>Qty</th>
            <th className={styles.right}>Entry</th>
            <th className={styles.right}>Exit</th>
            <th>Status</th>
            <th className={styles.right}>P&amp;L</th>
            <th className={styles.optional}>Exit reason</th>
            <th>Account · strategy</th>
          </tr>
        </thead>
        <tbody>
          {trades.map((t) => (
            <TradeRow key={t.id} t={t} />
          ))}
          {trades.length === 0 && (
            <tr>
              <td colSpan={10} className={styles.empty}>
                {isLoading ? 'Loading…' : 'No trades yet today.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
