import type { Role, User } from '../../lib/api/types';
import styles from '../dashboard/header.module.css';
import { AppNav } from './app-nav';

const ROLE_LABELS: Record<Role, string> = {
  trader: 'Trader',
  ops: 'Operations',
  admin: 'Admin',
  super_admin: 'Super admin',
};

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
