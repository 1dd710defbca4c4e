import type { Metadata } from 'next';
import styles from './login.module.css';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  return (
    <main className={styles.screen}>
      <div className={styles.panel}>
        <div className={styles.brand}>
          <span className={styles.mark} aria-hidden="true">
            M
          </span>
          <div>
            <div className={styles.name}>MYN Robo</div>
            <div className={styles.tagline}>Algorithmic F&amp;O trading</div>
          </div>
        </div>
        <LoginForm />
      </div>
      <p className={styles.footnote}>NSE · BSE · MCX — all times IST</p>
    </main>
  );
}
