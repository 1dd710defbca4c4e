import type { User } from '../../lib/api/types';
import type { StreamStatus as Status } from '../../lib/stream/stream-client';
import { AppNav } from '../accounts/app-nav';
import styles from './header.module.css';
import { MarketClock } from './market-clock';
import { StreamStatus } from './stream-status';
import { UserMenu } from './user-menu';

interface HeaderBarProps {
  user: User | undefined;
  status: Status;
  serverNow: number | undefined;
  onLogout(): void;
}

/** Dark top bar: brand, market clock, stream status, the user and logout. */
export function HeaderBar({ user, status, serverNow, onLogout }: HeaderBarProps) {
  return (
    <header className={styles.header}>
      <div className={styles.brand}>
        <span className={styles.mark} aria-hidden="true">
          M
        </span>
        <span className={styles.brandName}>MYN Robo</span>
      </div>
      <AppNav current="dashboard" />
      <MarketClock serverNow={serverNow} isLive={status === 'live'} />
      <div className={styles.headerRight}>
        <StreamStatus status={status} />
        <UserMenu user={user} onLogout={onLogout} />
      </div>
    </header>
  );
}
