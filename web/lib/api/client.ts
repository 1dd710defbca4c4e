/** Same-origin JSON calls to the platform API; errors carry the problem+json body. */
import type { Position, Problem, Trade, User } from './types';

/** An HTTP error from the API, with the problem details when the body had them. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined) {
    super(problemMessage(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The sentence to show a person for a failed call: the problem's detail, else its title, else the status. */
export function problemMessage(status: number, problem: Problem | undefined): string {
  const detail = problem?.detail?.trim();
  if (detail) return detail;
  const title = problem?.title?.trim();
  if (title) return title;
  if (status === 429) return 'Too many attempts. Please wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Please try again.';
  return `Request failed (HTTP ${status}).`;
}

async function readProblem(res: Response): Promise<Problem | undefined> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as Problem) : undefined;
  } catch (e) {
    // A proxy's HTML error page is not a problem body; the status alone still explains the failure.
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** The double-submit CSRF cookie the API sets beside the httpOnly session cookie. */
const CSRF_COOKIE = 'mynrobo_csrf';

function csrfToken(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : undefined;
}

function headersFor(method: string, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (hasBody) headers['content-type'] = 'application/json';
  // The browser's Origin header already passes the API's CSRF check; the token also covers proxies that drop it.
  const token = method === 'GET' ? undefined : csrfToken();
  if (token) headers['x-csrf-token'] = token;
  return headers;
}

/** Calls `/api/v1${path}` with the session cookie; resolves the JSON body (or undefined for 204). */
export async function callApi<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: headersFor(method, init.body !== undefined),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new ApiError(res.status, await readProblem(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Signs in; the server sets the httpOnly session cookie. */
export async function login(email: string, password: string): Promise<User> {
  const body = await callApi<{ user: User }>('/auth/login', { method: 'POST', body: { email, password } });
  return body.user;
}

/** Ends the session. */
export async function logout(): Promise<void> {
  await callApi<undefined>('/auth/logout', { method: 'POST' });
}

/** The signed-in user, or undefined when the session is missing or expired (HTTP 401). */
export async function fetchMe(): Promise<User | undefined> {
  try {
    return (await callApi<{ user: User }>('/me')).user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return undefined;
    throw e;
  }
}

/** Open positions across the user's accounts. */
export async function fetchPositions(): Promise<Position[]> {
  return (await callApi<{ positions: Position[] }>('/positions')).positions;
}

/** Today's trades across the user's accounts. */
export async function fetchTrades(): Promise<Trade[]> {
  return (await callApi<{ trades: Trade[] }>('/trades')).trades;
}
