'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { describeAccountError, type LoginReturn, readLoginReturn } from '../../lib/accounts/account-messages';
import {
  chooseBrokerMode,
  connectBrokerAccount,
  createBrokerAccount,
  disconnectBrokerAccount,
  fetchBrokerAccounts,
} from '../../lib/api/broker-accounts';
import { ApiError, fetchMe, logout } from '../../lib/api/client';
import type { BrokerAccount, BrokerMode, NewBrokerAccount, User } from '../../lib/api/types';

const LOGIN = '/login/';
const PAGE = '/accounts/';

const isSignedOut = (e: unknown): boolean => e instanceof ApiError && e.status === 401;

/** The broker login's return (`?connected=` / `?error=`), read once; the query is then dropped so a reload is clean. */
function useLoginReturn(): LoginReturn {
  const [result, setResult] = useState<LoginReturn>();
  useEffect(() => {
    const r = readLoginReturn(window.location.search);
    if (!r) return;
    setResult(r);
    window.history.replaceState(null, '', PAGE);
  }, []);
  return result;
}

/** Per-account busy and error state of the row actions. */
function useRowActions(replace: (a: BrokerAccount) => void, toLogin: () => void) {
  const [busyId, setBusyId] = useState<string | undefined>();
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});

  /** Runs a row action; one that returns 'leaving' has sent the browser away, so the row stays busy. */
  const run = useCallback(
    async (id: string, action: () => Promise<'leaving' | undefined>) => {
      setBusyId(id);
      setRowErrors(({ [id]: _cleared, ...rest }) => rest);
      try {
        if ((await action()) === 'leaving') return;
      } catch (e) {
        if (isSignedOut(e)) return toLogin();
        setRowErrors((errs) => ({ ...errs, [id]: describeAccountError(e) }));
      }
      setBusyId(undefined);
    },
    [toLogin],
  );

  // Back from the broker's page restores this page from the back-forward cache, still busy: free the row.
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) setBusyId(undefined);
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);

  // Connect sends the browser to the broker's login; the API's callback brings it back here.
  const connect = (id: string) =>
    run(id, async () => {
      window.location.assign(await connectBrokerAccount(id));
      return 'leaving';
    });
  const disconnect = (id: string) =>
    run(id, async () => {
      replace(await disconnectBrokerAccount(id));
      return undefined;
    });
  const chooseMode = (id: string, mode: BrokerMode) =>
    run(id, async () => {
      replace(await chooseBrokerMode(id, mode));
      return undefined;
    });
  return { busyId, rowErrors, connect, disconnect, chooseMode };
}

/** The accounts page's data: the signed-in user and their accounts, with the row and form actions. */
export function useAccounts() {
  const router = useRouter();
  const toLogin = useCallback(() => router.replace(LOGIN), [router]);
  const [user, setUser] = useState<User | undefined>();
  const [accounts, setAccounts] = useState<BrokerAccount[] | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const loginReturn = useLoginReturn();

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      const me = await fetchMe();
      if (!me) return toLogin();
      const list = await fetchBrokerAccounts();
      if (cancelled) return;
      setUser(me);
      setAccounts(list);
    };
    load().catch((e: unknown) => {
      if (isSignedOut(e)) return toLogin();
      if (!cancelled) setLoadError(describeAccountError(e));
    });
    return () => {
      cancelled = true;
    };
  }, [toLogin]);

  const replace = useCallback(
    (a: BrokerAccount) => setAccounts((list) => list?.map((x) => (x.id === a.id ? a : x))),
    [],
  );
  const rows = useRowActions(replace, toLogin);

  /** Adds an account; resolves the error in words, or undefined when it was added. */
  const add = useCallback(
    async (body: NewBrokerAccount): Promise<string | undefined> => {
      try {
        const a = await createBrokerAccount(body);
        setAccounts((list) => [...(list ?? []), a]);
        return undefined;
      } catch (e) {
        if (isSignedOut(e)) toLogin();
        return describeAccountError(e);
      }
    },
    [toLogin],
  );

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      toLogin();
    }
  }, [toLogin]);

  return { user, accounts, loadError, loginReturn, add, signOut, ...rows };
}
