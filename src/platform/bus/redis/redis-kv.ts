import type { Redis } from 'ioredis';
import type { Bus } from '../bus';
import type { RedisNames } from './redis-names';

/** The key-value part of the Bus port. */
export type RedisKv = Pick<
  Bus,
  'setIfAbsent' | 'set' | 'get' | 'del' | 'keys' | 'incr' | 'hset' | 'hsetMany' | 'hget' | 'hgetall'
>;

/** Redis refuses a zero or fractional PX, so a TTL is rounded to a whole, positive millisecond count. */
const ttl = (ttlMs: number) => Math.max(1, Math.round(ttlMs));

/** The first error of a pipeline or MULTI reply; ioredis reports them per command, not by rejecting. */
export function firstPipelineError(results: [Error | null, unknown][] | null): Error | undefined {
  if (results === null) return new Error('transaction aborted');
  return results.find(([error]) => error !== null)?.[0] ?? undefined;
}

async function scanKeys(redis: Redis, match: string): Promise<Set<string>> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) found.add(key);
  } while (cursor !== '0');
  return found;
}

/** INCRBY, then a TTL only when the key has none, i.e. when INCRBY just created it (PEXPIRE NX, Redis >= 7.0). */
const INCR_SCRIPT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2], 'NX')
return n`;

type KvRedis = Redis & { busIncr(key: string, by: number, ttlMs: number): Promise<number> };

/** Strings with TTLs, counters and hashes on the shared command connection. */
export function createRedisKv(redis: Redis, names: RedisNames): RedisKv {
  redis.defineCommand('busIncr', { numberOfKeys: 1, lua: INCR_SCRIPT });
  return {
    setIfAbsent: async (key, value, ttlMs) =>
      (await redis.set(names.full(key), value, 'PX', ttl(ttlMs), 'NX')) === 'OK',
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await redis.set(names.full(key), value);
      else await redis.set(names.full(key), value, 'PX', ttl(ttlMs));
    },
    get: async (key) => (await redis.get(names.full(key))) ?? undefined,
    async del(key) {
      await redis.del(names.full(key));
    },
    // SCAN may return a key twice; the set removes duplicates. KEYS would block the server on a large keyspace.
    keys: async (pattern) => [...(await scanKeys(redis, names.pattern(pattern)))].map(names.strip).sort(),
    // One script call (atomic, and auto-pipelined with the other commands of the turn, where MULTI is not).
    incr: async (key, by, ttlMs) => Number(await (redis as KvRedis).busIncr(names.full(key), by, ttl(ttlMs))),
    async hset(key, fields) {
      if (Object.keys(fields).length > 0) await redis.hset(names.full(key), fields);
    },
    async hsetMany(entries) {
      const pipeline = redis.pipeline();
      for (const [key, fields] of entries) {
        if (Object.keys(fields).length > 0) pipeline.hset(names.full(key), fields);
      }
      if (pipeline.length === 0) return;
      const error = firstPipelineError(await pipeline.exec());
      if (error) throw error;
    },
    hget: async (key, field) => (await redis.hget(names.full(key), field)) ?? undefined,
    hgetall: (key) => redis.hgetall(names.full(key)),
  };
}
