import type { Redis } from 'ioredis';
import { assertRowWidth, type Bus, type Json, type MessageHandler } from '../bus';
import { firstPipelineError } from './redis-kv';
import type { RedisNames } from './redis-names';

/** The pub/sub part of the Bus port, plus closing the subscriber connection. */
export interface RedisPubSub extends Pick<Bus, 'publish' | 'publishBatch' | 'publishRows' | 'subscribe'> {
  close(): Promise<void>;
}

/** What the pub/sub part needs from the bus. */
export interface RedisPubSubDeps {
  /** The shared command connection, used to publish. */
  readonly redis: Redis;
  /** Opens the subscriber connection: a connection in subscribe mode can run no other command. */
  readonly connect: (connectionName: string) => Redis;
  readonly names: RedisNames;
  readonly report: (error: unknown, context: string) => void;
}

/**
 * `publishRows`: ARGV[1] the channel, ARGV[2] the row width, ARGV[3] the rows' JSON text (a flat array). Each
 * row is found by pattern, not decoded — `"key",n1,…,nk` — and its numbers' text is HSET into KEYS[1] under the
 * key, 1,000 fields per call; then the text is PUBLISHed as it came. Keys must need no JSON escaping.
 */
const PUBLISH_ROWS_SCRIPT = `
local text = ARGV[3]
local pattern = '"([^"]+)",(' .. string.rep('[^,%]"]+,', tonumber(ARGV[2]) - 2) .. '[^,%]"]+)'
local args, n = {}, 0
for id, values in string.gmatch(text, pattern) do
  args[n + 1] = id
  args[n + 2] = values
  n = n + 2
  if n >= 2000 then
    redis.call('HSET', KEYS[1], unpack(args, 1, n))
    n = 0
  end
end
if n > 0 then redis.call('HSET', KEYS[1], unpack(args, 1, n)) end
return redis.call('PUBLISH', ARGV[1], text)`;

type ScriptedRedis = Redis & {
  busPublishRows(key: string, channel: string, width: number, text: string): Promise<number>;
};

/** Handlers of one Redis pattern; `ready` settles when the server has confirmed the PSUBSCRIBE. */
interface PatternEntry {
  readonly handlers: Set<MessageHandler>;
  readonly ready: Promise<unknown>;
}

/**
 * Several subscriptions to one pattern share one PSUBSCRIBE, which is dropped with the last of them. The
 * subscriber connection opens on the first subscribe; ioredis re-subscribes it after a reconnect.
 */
export function createRedisPubSub(deps: RedisPubSubDeps): RedisPubSub {
  const { redis, names, report } = deps;
  redis.defineCommand('busPublishRows', { numberOfKeys: 1, lua: PUBLISH_ROWS_SCRIPT });
  const patterns = new Map<string, PatternEntry>();
  let subscriber: Redis | undefined;

  const onMessage = (pattern: string, fullChannel: string, text: string) => {
    const channel = names.strip(fullChannel);
    for (const handler of [...(patterns.get(pattern)?.handlers ?? [])]) {
      try {
        handler(JSON.parse(text) as Json, channel);
      } catch (error) {
        report(error, `subscriber of ${channel} threw`);
      }
    }
  };

  const open = (): Redis => {
    if (subscriber) return subscriber;
    const connection = deps.connect(names.full('subscriber'));
    connection.on('pmessage', onMessage);
    subscriber = connection;
    return connection;
  };

  const unsubscribe = async (pattern: string, handler: MessageHandler) => {
    const entry = patterns.get(pattern);
    if (!entry?.handlers.delete(handler) || entry.handlers.size > 0) return;
    patterns.delete(pattern);
    await subscriber?.punsubscribe(pattern);
  };

  return {
    async publish(channel, message) {
      await redis.publish(names.full(channel), JSON.stringify(message));
    },
    async publishBatch(items) {
      if (items.length === 0) return;
      const pipeline = redis.pipeline();
      for (const item of items) pipeline.publish(names.full(item.channel), JSON.stringify(item.message));
      const error = firstPipelineError(await pipeline.exec());
      if (error) throw error;
    },
    async publishRows(channel, key, width, rows) {
      assertRowWidth(width);
      if (rows.length === 0) return;
      const text = JSON.stringify(rows);
      await (redis as ScriptedRedis).busPublishRows(names.full(key), names.full(channel), width, text);
    },
    async subscribe(glob, handler) {
      const pattern = names.pattern(glob);
      let entry = patterns.get(pattern);
      if (!entry) {
        const created: PatternEntry = {
          handlers: new Set(),
          // A refused PSUBSCRIBE must not stay cached, or every later subscribe to the pattern would fail too.
          ready: open()
            .psubscribe(pattern)
            .catch((error: unknown) => {
              if (patterns.get(pattern) === created) patterns.delete(pattern);
              throw error;
            }),
        };
        entry = created;
        patterns.set(pattern, entry);
      }
      entry.handlers.add(handler);
      await entry.ready;
      return { unsubscribe: () => unsubscribe(pattern, handler) };
    },
    async close() {
      patterns.clear();
      const connection = subscriber;
      subscriber = undefined;
      await connection?.quit();
    },
  };
}
