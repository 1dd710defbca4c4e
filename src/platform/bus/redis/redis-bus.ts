import { Redis } from 'ioredis';
import type { Bus, Consumer } from '../bus';
import { startRedisConsumer } from './redis-consumer';
import { createRedisKv } from './redis-kv';
import { createRedisNames } from './redis-names';
import { createRedisPubSub } from './redis-pubsub';
import { appendEntries, appendEntry, countPending, defineStreamScripts } from './redis-streams';

/** Options of the Redis bus. */
export interface RedisBusOptions {
  /** `redis://[user:password@]host:port[/db]`. Never logged. */
  readonly url: string;
  /** Prefix of every key, channel and stream (`<namespace>:<name>`), so deployments and tests can share a server. */
  readonly namespace?: string;
  /**
   * Receives failures that have no caller to throw to: a handler that threw, a consumer's failed read (it backs
   * off and goes on), a connection error. Reports carry names and the error's message, never a message body or
   * the URL. Default: one line on stderr.
   */
  readonly onError?: (error: unknown, context: string) => void;
}

const reportToStderr = (error: unknown, context: string) =>
  console.error(`[bus] ${context}: ${error instanceof Error ? error.message : String(error)}`);

/**
 * The production bus, shared by every process: one command connection, one subscriber connection (opened on
 * the first subscribe) and one blocking-read connection per stream consumer. Reconnecting is left to ioredis.
 */
export function createRedisBus(options: RedisBusOptions): Bus {
  const report = options.onError ?? reportToStderr;
  const names = createRedisNames(options.namespace);
  const connect = (connectionName: string, autoPipeline = false): Redis => {
    // CLIENT SETNAME refuses spaces; the name only helps an operator read CLIENT LIST.
    const connection = new Redis(options.url, {
      connectionName: connectionName.replace(/\s/g, '_'),
      // Commands issued in the same event-loop turn (a wave's idempotency SET NXs, rate-limit INCRs, XACKs)
      // go out in one write and come back in one read.
      enableAutoPipelining: autoPipeline,
    });
    connection.on('error', (error: unknown) => report(error, `redis connection ${connectionName}`));
    return connection;
  };
  const redis = connect(names.full('commands'), true);
  defineStreamScripts(redis);
  const pubsub = createRedisPubSub({ redis, connect, names, report });
  const consumers = new Set<Consumer>();

  return {
    ...pubsub,
    ...createRedisKv(redis, names),
    append: (stream, message) => appendEntry(redis, names.full(stream), message),
    appendMany: (stream, messages) => appendEntries(redis, names.full(stream), messages),
    async consume(stream, opts, handler) {
      const key = names.full(stream);
      const inner = await startRedisConsumer({ redis, connect, key, streamName: stream, opts, handler, report });
      const consumer: Consumer = {
        stop: () => inner.stop().finally(() => consumers.delete(consumer)),
        inFlight: () => inner.inFlight(),
      };
      consumers.add(consumer);
      return consumer;
    },
    pendingCount: (stream, group) => countPending(redis, names.full(stream), group),
    streamLength: (stream) => redis.xlen(names.full(stream)),
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()));
      await pubsub.close();
      await redis.quit();
    },
  };
}
