import type { User } from '../../lib/api/types';
import styles from '../dashboard/header.module.css';
import { UserMenu } from '../dashboard/user-menu';
import { AppNav } from './app-nav';

/**
 * The dashboard's dark top bar without the market clock and stream pill: this page opens no stream, so it has no
 * server time to show (the demo's clock runs ahead of the browser's).
 */
export function AccountsHeader({ user, onLogout }: { user: User | undefined; onLogout(): void }) {
  return (
    <header className={styles.header}>
      <div className={styles.brand}>
        <span className={styles.mark} aria-hidden="true">
          M
        </span>
        <span className={styles.brandName}>MYN Robo</span>
      </div>
      <AppNav current="accounts" />
      <div className={styles.headerRight}>
        <UserMenu user={user} onLogout={onLogout} />
      </div>
    </header>
  );
}
