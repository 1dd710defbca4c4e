import type { FastifyInstance, InjectOptions } from 'fastify';

// Test support for the accounts route tests (not exported from the API door).

/** A cookie jar over app.inject that sends Origin on writes, like a browser on our own page. */
export function createClient(app: FastifyInstance, origin = 'http://localhost') {
  const jar = new Map<string, string>();
  const call = async (
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await app.inject({
      method,
      url,
      headers: {
        host: 'localhost',
        ...(method === 'GET' ? {} : { origin }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }),
    });
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  };
  return {
    jar,
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body ?? {}, headers),
    patch: (url: string, body?: unknown) => call('PATCH', url, body ?? {}),
    put: (url: string, body?: unknown) => call('PUT', url, body ?? {}),
    del: (url: string) => call('DELETE', url),
    login: (email: string, password: string, totp?: string) =>
      call('POST', '/api/v1/auth/login', { email, password, ...(totp ? { totp } : {}) }),
  };
}
