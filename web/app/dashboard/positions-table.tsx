import type { Position, Quote } from '../../lib/api/types';
import { formatCount, formatPricePaise } from '../../lib/format/money';
import { formatIstTime } from '../../lib/format/time';
import { AccountCell, FigureCell, InstrumentCell, PnlCell, SideCell } from './cells';
import styles from './tables.module.css';

interface PositionsTableProps {
  positions: Position[];
  quotes: Record<string, Quote>;
  isLoading: boolean;
}

function LtpCell({ position, quote }: { position: Position; quote: Quote | undefined }) {
  return (
    <td className={`${styles.right} ${styles.aLtp} num`} data-label="LTP">
      {formatPricePaise(position.ltpPaise)}
      {position.isStale && (
        <span className={styles.staleMark} title="No fresh price for this instrument">
          stale
        </span>
      )}
      {quote && (
        <span className={`${styles.sub} ${styles.quote}`} title="Bid / ask">
          {formatPricePaise(quote.bidPaise)} / {formatPricePaise(quote.askPaise)}
        </span>
      )}
    </td>
  );
}

function PositionRow({ p, quote }: { p: Position; quote: Quote | undefined }) {
  return (
    <tr className={`${styles.positionRow} ${p.isStale ? styles.staleRow : ''}`}>
      <InstrumentCell id={p.instrumentId} />
      <SideCell side={p.side} />
      <FigureCell label="Qty" area={styles.aQty}>
        {formatCount(p.qtyUnits)}
      </FigureCell>
      <FigureCell label="Entry" area={styles.aEntry}>
        {formatPricePaise(p.entryPricePaise)}
      </FigureCell>
      <LtpCell position={p} quote={quote} />
      <PnlCell paise={p.pnlPaise} />
      <AccountCell label={p.accountLabel} mode={p.brokerMode} strategy={p.strategy} />
      <td className={`${styles.optional} num`}>{formatIstTime(p.enteredAt)}</td>
    </tr>
  );
}

/** Open positions, one row per open trade, refreshed by every `pnl` frame. */
export function PositionsTable({ positions, quotes, isLoading }: PositionsTableProps) {
  return (
    <div className={styles.scroller}>
      <table className={styles.table} data-testid="positions-table">
        <thead>
          <tr>
            <th>Instrument</th>
            <th>Side</th>
            <th className={styles.right}>Qty</th>
            <th className={styles.right}>Entry</th>
            <th className={styles.right}>LTP</th>
            <th className={styles.right}>P&amp;L</th>
            <th>Account · strategy</th>
            <th className={styles.optional}>Entered</th>
          </tr>
        </thead>
        <tbody>
          {positions.map((p) => (
            <PositionRow key={p.tradeId} p={p} quote={quotes[p.instrumentId]} />
          ))}
          {positions.length === 0 && (
            <tr>
              <td colSpan={8} className={styles.empty}>
                {isLoading ? 'Loading…' : 'No open positions.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
