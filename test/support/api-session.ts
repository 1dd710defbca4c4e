/** Signed-in calls against an in-process API (Fastify `inject`), shared by the route tests. */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/** A browser-like session: the cookie jar and the CSRF token the API expects on writes. */
export interface ApiSession {
  readonly cookie: string;
  readonly csrf: string;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiResponse<B = Record<string, unknown>> {
  readonly status: number;
  readonly body: B;
  readonly type: string;
}

/** Signs in with email and password; fails the test when the API refuses. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<ApiSession> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  assert.equal(res.statusCode, 200, res.body);
  const jar = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
  const cookie = Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  return { cookie, csrf: jar.mynrobo_csrf ?? '' };
}

/** One `/api/v1` call as the session's user. */
export async function callAs<B = Record<string, unknown>>(
  app: FastifyInstance,
  session: ApiSession,
  method: Method,
  url: string,
  payload?: object,
): Promise<ApiResponse<B>> {
  const res = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json() as B, type: String(res.headers['content-type']) };
}
