import type { Role, User } from '../../lib/api/types';
import styles from './header.module.css';

const ROLE_LABELS: Record<Role, string> = {
  trader: 'Trader',
  ops: 'Operations',
  admin: 'Admin',
  super_admin: 'Super admin',
};

/** The signed-in user's name and role, and the logout button, at the right of every page's top bar. */
export function UserMenu({ user, onLogout }: { user: User | undefined; onLogout(): void }) {
  return (
    <>
      {user && (
        <div className={styles.user}>
          <span className={styles.userName}>{user.displayName}</span>
          <span className={styles.role}>{ROLE_LABELS[user.role] ?? user.role}</span>
        </div>
      )}
      <button type="button" className={styles.logout} data-testid="logout" onClick={onLogout}>
        Log out
      </button>
    </>
  );
}
