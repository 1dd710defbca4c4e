/**
 * Real backing services for tests. On a bare machine a test that needs one is skipped with a loud reason;
 * in CI (CI=true or MYNROBO_REQUIRE_SERVICES=1) a missing service fails the run instead.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import pg from 'pg';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const servicesRequired = process.env.CI === 'true' || process.env.MYNROBO_REQUIRE_SERVICES === '1';

function canConnect(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(Number(u.port || defaultPort), u.hostname);
  });
}

async function gate(name: string, ok: boolean, how: string): Promise<string | false> {
  if (ok) return false;
  const reason = `${name} is not reachable (${how})`;
  if (servicesRequired) throw new Error(`${reason}; CI requires it`);
  console.warn(`\n*** SKIPPED: ${reason}. Set CI=true to make this a failure. ***\n`);
  return `SKIPPED: ${reason}`;
}

/** `skip` option for node:test: false when Redis is up, a reason string otherwise (throws in CI). */
export async function redisSkip(): Promise<string | false> {
  return gate('Redis', await canConnect(REDIS_URL, 6379), REDIS_URL);
}

/** `skip` option for node:test: false when PostgreSQL is up, a reason string otherwise (throws in CI). */
export async function postgresSkip(): Promise<string | false> {
  return gate('PostgreSQL', await canConnect(POSTGRES_URL, 5432), POSTGRES_URL);
}

/** `skip` option for node:test: false when Chromium is installed. */
export async function chromiumSkip(): Promise<string | false> {
  const { existsSync } = await import('node:fs');
  return gate('Chromium', existsSync(CHROMIUM_PATH), CHROMIUM_PATH);
}

/** A unique name for a test's Redis namespace or database. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Deletes every Redis key whose name starts with `prefix` — a benchmark's namespaces, `bench_<pid>_…`, when it
 * ends. Returns how many were deleted.
 */
export async function dropRedisKeys(prefix: string): Promise<number> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1_000 }) as AsyncIterable<string[]>)
      if (keys.length > 0) deleted += await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Creates a fresh PostgreSQL database for one test file; returns its URL and a drop function. */
export async function createTestDatabase(prefix = 'mynrobo_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
