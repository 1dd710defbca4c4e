import Link from 'next/link';
import styles from './app-nav.module.css';

const PAGES = [
  { href: '/dashboard/', label: 'Dashboard', short: 'Dashboard' },
  { href: '/accounts/', label: 'Broker accounts', short: 'Accounts' },
] as const;

/** The trader's pages, in the dark header; the current one is marked for screen readers too. */
export function AppNav({ current }: { current: 'dashboard' | 'accounts' }) {
  return (
    <nav className={styles.nav} aria-label="Pages">
      {PAGES.map((p) => {
        const isCurrent = p.href === `/${current}/`;
        return (
          <Link
            key={p.href}
            href={p.href}
            className={`${styles.link} ${isCurrent ? styles.current : ''}`}
            aria-current={isCurrent ? 'page' : undefined}
            data-testid={`nav-${p.href.replaceAll('/', '')}`}
          >
            <span className={styles.long}>{p.label}</span>
            <span className={styles.short}>{p.short}</span>
          </Link>
        );
      })}
    </nav>
  );
}
