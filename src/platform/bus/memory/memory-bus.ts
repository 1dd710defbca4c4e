import { assertRowWidth, type Bus, type Consumer, type Json } from '../bus';
import { globToRegExp } from './glob';
import { startMemoryConsumer } from './memory-consumer';
import { createMemoryKv } from './memory-kv';
import { createMemoryPubSub } from './memory-pubsub';
import { appendEntry, createMemoryStream, type MemoryStream, resetStream } from './memory-streams';

/** Options of the in-process bus. */
export interface MemoryBusOptions {
  /**
   * Receives failures that have no caller to throw to: a subscriber or stream handler that threw. The context
   * names the channel or stream entry, never the message. Default: one line on stderr.
   */
  readonly onError?: (error: unknown, context: string) => void;
}

const reportToStderr = (error: unknown, context: string) =>
  console.error(`[bus] ${context}: ${error instanceof Error ? error.message : String(error)}`);

/**
 * The one-process bus of the embedded mode (`mynrobo start`) and of unit tests. It keeps the Redis bus's
 * semantics: asynchronous pub/sub, at-least-once streams with consumer groups and idle reclaim, real-time TTLs.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const report = options.onError ?? reportToStderr;
  const pubsub = createMemoryPubSub(report);
  const kv = createMemoryKv();
  const streams = new Map<string, MemoryStream>();
  const consumers = new Set<Consumer>();

  const streamOf = (name: string): MemoryStream => {
    let stream = streams.get(name);
    if (!stream) {
      stream = createMemoryStream();
      streams.set(name, stream);
    }
    return stream;
  };

  return {
    publish: async (channel, message) => pubsub.publish(channel, message),
    publishBatch: async (items) => pubsub.publishBatch(items),
    async publishRows(channel, key, width, rows) {
      assertRowWidth(width);
      if (rows.length === 0) return;
      const fields: Record<string, string> = {};
      for (let i = 0; i + width <= rows.length; i += width)
        fields[String(rows[i])] = rows.slice(i + 1, i + width).join(',');
      kv.hset(key, fields);
      pubsub.publish(channel, rows as Json);
    },
    subscribe: async (pattern, handler) => pubsub.subscribe(pattern, handler),

    append: async (stream, message) => appendEntry(streamOf(stream), JSON.stringify(message)),
    appendMany: async (stream, messages) => messages.map((m) => appendEntry(streamOf(stream), JSON.stringify(m))),
    async consume(stream, opts, handler) {
      const inner = startMemoryConsumer({ stream: streamOf(stream), streamName: stream, opts, handler, report });
      const consumer: Consumer = {
        stop: () => inner.stop().finally(() => consumers.delete(consumer)),
        inFlight: () => inner.inFlight(),
      };
      consumers.add(consumer);
      return consumer;
    },
    pendingCount: async (stream, group) => streams.get(stream)?.groups.get(group)?.pending.size ?? 0,
    streamLength: async (stream) => streams.get(stream)?.entries.length ?? 0,

    setIfAbsent: async (key, value, ttlMs) => !streams.has(key) && kv.setIfAbsent(key, value, ttlMs),
    set: async (key, value, ttlMs) => kv.set(key, value, ttlMs),
    get: async (key) => kv.get(key),
    async del(key) {
      kv.del(key);
      const stream = streams.get(key);
      if (!stream) return;
      resetStream(stream);
      if (stream.listeners.size === 0) streams.delete(key);
    },
    async keys(pattern) {
      const re = globToRegExp(pattern);
      return [...kv.keys(pattern), ...[...streams.keys()].filter((k) => re.test(k))].sort();
    },
    incr: async (key, by, ttlMs) => kv.incr(key, by, ttlMs),
    hset: async (key, fields) => kv.hset(key, fields),
    async hsetMany(entries) {
      for (const [key, fields] of entries) kv.hset(key, fields);
    },
    hget: async (key, field) => kv.hget(key, field),
    hgetall: async (key) => kv.hgetall(key),

    async close() {
      await Promise.all([...consumers].map((c) => c.stop()));
      pubsub.close();
    },
  };
}
