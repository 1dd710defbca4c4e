import type { StreamStatus as Status } from '../../lib/stream/stream-client';
import styles from './header.module.css';

const LABELS: Record<Status, string> = { connecting: 'Connecting', live: 'Live', reconnecting: 'Reconnecting' };

/** The small "live / reconnecting" pill in the header. */
export function StreamStatus({ status }: { status: Status }) {
  return (
    <span className={`${styles.stream} ${styles[status]}`} data-testid="stream-status" data-status={status}>
      <span className={styles.dot} aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
