import type { BrokerMode, Side } from '../../lib/api/types';
import { formatInstrumentLabel, instrumentSegment } from '../../lib/format/instrument';
import { formatPnlPaise, pnlTone } from '../../lib/format/money';
import styles from './tables.module.css';

/** Instrument name with its segment in small type; the raw id is the tooltip. */
export function InstrumentCell({ id }: { id: string }) {
  return (
    <td className={`${styles.instrument} ${styles.aInst}`} title={id}>
      {formatInstrumentLabel(id)}
      <span className={styles.sub}>{instrumentSegment(id)}</span>
    </td>
  );
}

/** BUY / SELL chip. */
export function SideCell({ side }: { side: Side }) {
  return (
    <td className={styles.aSide}>
      <span className={`${styles.side} ${side === 'BUY' ? styles.buy : styles.sell}`}>{side}</span>
    </td>
  );
}

/** Account label with a paper / live badge, and the strategy that traded it underneath. */
export function AccountCell({ label, mode, strategy }: { label: string; mode: BrokerMode; strategy: string }) {
  return (
    <td className={styles.aAcct}>
      {label}
      <span className={`${styles.mode} ${mode === 'live' ? styles.liveMode : styles.paperMode}`}>{mode}</span>
      <span className={styles.sub}>{strategy}</span>
    </td>
  );
}

/** A right-aligned figure; `label` names it when a phone shows rows as cards without the header. */
export function FigureCell(props: { label: string; area: string | undefined; title?: string; children: string }) {
  return (
    <td className={`${styles.right} num ${props.area ?? ''}`} data-label={props.label} title={props.title}>
      {props.children}
    </td>
  );
}

/** Signed, coloured P&L; a dash when there is none yet. */
export function PnlCell({ paise }: { paise: number | null }) {
  const tone = paise === null ? 'flat' : pnlTone(paise);
  return (
    <td className={`${styles.right} ${styles.strong} ${styles.aPnl} num ${tone}`}>
      {paise === null ? '–' : formatPnlPaise(paise)}
    </td>
  );
}
