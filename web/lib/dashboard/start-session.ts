/** Starts the dashboard's session: check the user, load the snapshot, then keep the live stream open. */
import { ApiError, fetchMe } from '../api/client';
import type { User } from '../api/types';
import type { ServerFrame } from '../stream/frames';
import { createStreamClient, type StreamStatus, streamUrl } from '../stream/stream-client';

const START_RETRY_MS = 3000;
/** Close code the stream uses when the cookie does not name a live session. */
const SESSION_REFUSED = 4401;

/** Callbacks startSession reports through. */
export interface SessionDeps {
  /** The session is missing or expired (HTTP 401). */
  onSignedOut(): void;
  onUser(user: User): void;
  loadSnapshot(): Promise<void>;
  onFrame(frame: ServerFrame): void;
  onStatus(status: StreamStatus): void;
  onError(message: string): void;
}

/** A sentence for a failed call. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof TypeError) return 'Cannot reach the server. Retrying…';
  return 'Something went wrong loading the dashboard.';
}

/** A socket that never opens may mean the session ended; only a 401 from /me decides that. */
function checkSession(deps: SessionDeps): void {
  fetchMe().then(
    (me) => {
      if (!me) deps.onSignedOut();
    },
    () => undefined, // server unreachable: the stream keeps retrying and the indicator says so
  );
}

/** Runs the session until the returned function is called; retries the first steps while the server is down. */
export function startSession(deps: SessionDeps): () => void {
  let stopped = false;
  let client: { close(): void } | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const start = async (): Promise<void> => {
    const me = await fetchMe();
    if (stopped) return;
    if (!me) return deps.onSignedOut();
    deps.onUser(me);
    await deps.loadSnapshot();
    if (stopped) return;
    client = createStreamClient({
      url: streamUrl(window.location),
      onFrame: deps.onFrame,
      onStatus: deps.onStatus,
      onClosed: ({ wasOpen, code }) => {
        if (!wasOpen || code === SESSION_REFUSED) checkSession(deps);
      },
    });
  };
  const attempt = (): void => {
    start().catch((e: unknown) => {
      deps.onError(describeError(e));
      if (!stopped) retry = setTimeout(attempt, START_RETRY_MS);
    });
  };

  attempt();
  return () => {
    stopped = true;
    clearTimeout(retry);
    client?.close();
  };
}
