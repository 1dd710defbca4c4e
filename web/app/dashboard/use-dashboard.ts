'use client';

import { useRouter } from 'next/navigation';
import { type Dispatch, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ApiError, fetchPositions, fetchTrades, logout } from '../../lib/api/client';
import type { User } from '../../lib/api/types';
import { type DashboardAction, dashboardReducer, initialDashboardState } from '../../lib/dashboard/dashboard-state';
import { describeError, startSession } from '../../lib/dashboard/start-session';
import type { ServerFrame } from '../../lib/stream/frames';
import type { StreamStatus } from '../../lib/stream/stream-client';

const LOGIN = '/login/';

/** The REST snapshot of positions and trades, with its loading and error state. */
function useSnapshot(dispatch: Dispatch<DashboardAction>, toLogin: () => void) {
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const hasSnapshot = useRef(false);
  const loadSnapshot = useCallback(async () => {
    try {
      const [positions, trades] = await Promise.all([fetchPositions(), fetchTrades()]);
      dispatch({ type: 'snapshot', positions, trades });
      hasSnapshot.current = true;
      setLoaded(true);
      setError(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return toLogin();
      setError(describeError(e));
    }
  }, [dispatch, toLogin]);
  return { loaded, error, setError, hasSnapshot, loadSnapshot };
}

/** Loads the signed-in user, the REST snapshot and the live stream; sends signed-out visitors to /login. */
export function useDashboard() {
  const router = useRouter();
  const toLogin = useCallback(() => router.replace(LOGIN), [router]);
  const [user, setUser] = useState<User | undefined>();
  const [state, dispatch] = useReducer(dashboardReducer, initialDashboardState);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const { loaded, error, setError, hasSnapshot, loadSnapshot } = useSnapshot(dispatch, toLogin);
  const hellos = useRef(0);

  const onFrame = useCallback(
    (frame: ServerFrame) => {
      // A hello after the first follows a reconnect, so frames were missed: reload the tables then,
      // and also when the first snapshot never arrived.
      if (frame.type === 'hello' && (++hellos.current > 1 || !hasSnapshot.current)) void loadSnapshot();
      dispatch({ type: 'frame', frame });
    },
    [loadSnapshot, hasSnapshot],
  );

  useEffect(
    () =>
      startSession({
        onSignedOut: toLogin,
        onUser: setUser,
        loadSnapshot,
        onFrame,
        onStatus: setStatus,
        onError: setError,
      }),
    [toLogin, loadSnapshot, onFrame, setError],
  );

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      toLogin();
    }
  }, [toLogin]);

  const hasFigures = loaded || state.totalPnlPaise !== undefined;
  return { user, state, status, hasFigures, error, signOut };
}
