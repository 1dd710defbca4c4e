'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, fetchMe, login } from '../../lib/api/client';
import styles from './login.module.css';

function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError) return 'Cannot reach the server. Check your connection and try again.';
  return 'Sign-in failed. Please try again.';
}

export function LoginForm() {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // Someone with a live session who lands here (a bookmark, the back button) goes straight on.
  useEffect(() => {
    let cancelled = false;
    fetchMe().then(
      (user) => {
        if (user && !cancelled) router.replace('/dashboard/');
      },
      () => undefined, // the form is still usable when the server cannot answer; submitting reports it
    );
    return () => {
      cancelled = true;
    };
  }, [router]);

  async function submit(ev: FormEvent<HTMLFormElement>): Promise<void> {
    ev.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email.trim(), password);
      router.replace('/dashboard/');
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  return (
    // noValidate: the server's problem+json message is the one answer for every bad input, so it is shown alone.
    <form className={styles.form} onSubmit={submit} noValidate>
      <h1 className={styles.title}>Sign in</h1>
      <label className={styles.field}>
        <span>Email</span>
        <input
          data-testid="login-email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input
          data-testid="login-password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <p data-testid="login-error" className={styles.error} role="alert" hidden={!error}>
        {error}
      </p>
      <button data-testid="login-submit" className={styles.submit} type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
