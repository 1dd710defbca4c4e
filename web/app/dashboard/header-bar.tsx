import type { Role, User } from '../../lib/api/types';
import type { StreamStatus as Status } from '../../lib/stream/stream-client';
import { AppNav } from '../accounts/app-nav';
import styles from './header.module.css';
import { MarketClock } from './market-clock';
import { StreamStatus } from './stream-status';

const ROLE_LABELS: Record<Role, string> = {
  trader: 'Trader',
  ops: 'Operations',
  admin: 'Admin',
  super_admin: 'Super admin',
};

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
        {user && (
          <div className={styles.user}>
            <span className={styles.userName}>{user.displayName}</span>
            <span className={styles.role}>{ROLE_LABELS[user.role] ?? user.role}</span>
          </div>
        )}
        <button type="button" className={styles.logout} data-testid="logout" onClick={onLogout}>
          Log out
        </button>
      </div>
    </header>
  );
}
