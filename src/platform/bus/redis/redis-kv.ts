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

/** Per key: INCRBY, then a TTL only when the key has none, i.e. when INCRBY created it (PEXPIRE NX, Redis >= 7.0). */
const INCR_MANY_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  out[i] = redis.call('INCRBY', KEYS[i], ARGV[2 * i - 1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i], 'NX')
end
return out`;

/** Per key: SET value PX ttl NX; 1 where this call set it, 0 where the key existed. */
const SET_NX_MANY_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  out[i] = redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ARGV[2 * i], 'NX') and 1 or 0
end
return out`;

type ManyScript = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<number[]>;
type KvRedis = Redis & { busIncrMany: ManyScript; busSetNxMany: ManyScript };

/** Most keys one script call carries (a few thousand simple commands: about a millisecond of server time). */
const MAX_KEYS_PER_CALL = 1_000;

/**
 * Coalesces the calls of one event-loop turn into one script call per 1,000 keys: a signal wave's handlers each
 * claim an idempotency key and count two rate windows at the same moment, and one command with many keys costs
 * the client and the server far less than as many commands. Every key keeps its own result, in call order (two
 * calls on the same key behave as two commands would). Keys may lie anywhere: this bus is one Redis, not a cluster.
 */
function coalesced(
  run: (keys: string[], args: (string | number)[]) => Promise<number[]>,
): (key: string, a: string | number, b: number) => Promise<number> {
  let calls: {
    key: string;
    a: string | number;
    b: number;
    resolve: (n: number) => void;
    reject: (e: unknown) => void;
  }[] = [];
  const flush = () => {
    const all = calls;
    calls = [];
    for (let i = 0; i < all.length; i += MAX_KEYS_PER_CALL) {
      const part = all.slice(i, i + MAX_KEYS_PER_CALL);
      run(
        part.map((c) => c.key),
        part.flatMap((c) => [c.a, c.b]),
      ).then(
        (results) => {
          for (const [j, c] of part.entries()) c.resolve(Number(results[j]));
        },
        (error: unknown) => {
          for (const c of part) c.reject(error);
        },
      );
    }
  };
  return (key, a, b) =>
    new Promise<number>((resolve, reject) => {
      if (calls.length === 0) setImmediate(flush);
      calls.push({ key, a, b, resolve, reject });
    });
}

/** Strings with TTLs, counters and hashes on the shared command connection. */
export function createRedisKv(redis: Redis, names: RedisNames): RedisKv {
  redis.defineCommand('busIncrMany', { lua: INCR_MANY_SCRIPT });
  redis.defineCommand('busSetNxMany', { lua: SET_NX_MANY_SCRIPT });
  const r = redis as KvRedis;
  const incr = coalesced((keys, args) => r.busIncrMany(keys.length, ...keys, ...args));
  const setNx = coalesced((keys, args) => r.busSetNxMany(keys.length, ...keys, ...args));
  return {
    setIfAbsent: async (key, value, ttlMs) => (await setNx(names.full(key), value, ttl(ttlMs))) === 1,
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
    incr: (key, by, ttlMs) => incr(names.full(key), by, ttl(ttlMs)),
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
