import type { Redis } from 'ioredis';
import type { ConsumeOptions, Consumer, StreamHandler } from '../bus';
import { decodeMessage, ensureGroup, entriesOfRead, isNoGroupError, type RawEntry } from './redis-streams';
import { createWorkQueue, type Delivery, type WorkQueue } from './redis-work-queue';

/** What a Redis consumer needs from the bus that starts it. */
export interface RedisConsumerDeps {
  /** The shared command connection: XACK, XAUTOCLAIM, XPENDING, CLIENT UNBLOCK. */
  readonly redis: Redis;
  /** Opens this consumer's own connection, which XREADGROUP BLOCK holds for up to `blockMs`. */
  readonly connect: (connectionName: string) => Redis;
  /** The namespaced stream key. */
  readonly key: string;
  /** The stream's bus name, for reports. */
  readonly streamName: string;
  readonly opts: ConsumeOptions;
  readonly handler: StreamHandler;
  readonly report: (error: unknown, context: string) => void;
}

type Settings = Required<Omit<ConsumeOptions, 'group' | 'consumer'>>;

interface Context extends RedisConsumerDeps {
  readonly settings: Settings;
  readonly queue: WorkQueue;
  readonly acker: Acker;
  readonly reader: Redis;
  readonly where: string;
  isStopping: boolean;
  readerId: number | undefined;
  /** Resolves when stop begins, to cut a back-off short. */
  readonly stopping: Promise<void>;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

const settingsOf = (opts: ConsumeOptions): Settings => {
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  return {
    batch: Math.max(1, opts.batch ?? Math.min(concurrency, 256)),
    blockMs: Math.max(1, opts.blockMs ?? 1_000),
    reclaimIdleMs: Math.max(1, opts.reclaimIdleMs ?? 30_000),
    concurrency,
  };
};

const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** Batched acknowledgement of handled entries. */
interface Acker {
  /** Queues an entry's XACK; it goes out with every other entry acknowledged in the same event-loop turn. */
  ack(id: string): void;
  /** True while an entry's XACK is queued or in flight (so a reclaim does not run it again meanwhile). */
  isPending(id: string): boolean;
  /** Resolves when every queued XACK has been answered. */
  settled(): Promise<void>;
}

/**
 * Acknowledges entries in batches: the ids of every handler that finished in the same event-loop turn go in one
 * XACK, and a handler's slot is free as soon as it finished (the next read need not wait for the XACK's round
 * trip). A failed XACK leaves its entries pending, to be redelivered, which handlers tolerate.
 */
function createAcker(ctx: Pick<Context, 'redis' | 'key' | 'opts' | 'where' | 'report'>): Acker {
  let queued: string[] = [];
  const pending = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const ids = queued;
    queued = [];
    const sent = ctx.redis
      .xack(ctx.key, ctx.opts.group, ...ids)
      .then(
        () => undefined,
        (error: unknown) =>
          ctx.report(error, `${ctx.where}: XACK of ${ids.length} entries failed; they will be redelivered`),
      )
      .finally(() => {
        for (const id of ids) pending.delete(id);
        inFlight.delete(sent);
      });
    inFlight.add(sent);
  };
  return {
    ack(id) {
      queued.push(id);
      pending.add(id);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    isPending: (id) => pending.has(id),
    async settled() {
      while (scheduled || inFlight.size > 0) {
        if (scheduled) await new Promise<void>((resolve) => setImmediate(resolve));
        else await Promise.all([...inFlight]);
      }
    },
  };
}

/** Runs the handler; acknowledges on success and otherwise leaves the entry pending for a reclaim. */
async function deliver(ctx: Context, delivery: Delivery): Promise<void> {
  const { id, deliveries } = delivery;
  try {
    await ctx.handler({ id, message: decodeMessage(delivery.fields), deliveries });
  } catch (error) {
    ctx.report(error, `${ctx.where}: entry ${id} failed and stays pending`);
    return;
  }
  ctx.acker.ack(id);
}

/** Waits until the I/O callbacks of this event-loop turn have run (handlers finishing together free slots together). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads new entries while there is room; one failed read is reported and retried after a back-off. */
async function readLoop(ctx: Context): Promise<void> {
  let backoffMs = 0;
  while (!ctx.isStopping) {
    const count = Math.min(ctx.settings.batch, ctx.queue.room());
    if (count <= 0) {
      await ctx.queue.changed();
      // Read once for every slot freed in this turn rather than once per slot.
      await nextTurn();
      continue;
    }
    try {
      const { group, consumer } = ctx.opts;
      const args = ['COUNT', count, 'BLOCK', ctx.settings.blockMs, 'STREAMS', ctx.key, '>'] as const;
      const entries = entriesOfRead(await ctx.reader.xreadgroup('GROUP', group, consumer, ...args));
      ctx.queue.push(entries.map(([id, fields]) => ({ id, fields, deliveries: 1 })));
      backoffMs = 0;
    } catch (error) {
      if (ctx.isStopping) return;
      backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, backoffMs * 2));
      await recover(ctx, error, backoffMs);
    }
  }
}

async function recover(ctx: Context, error: unknown, backoffMs: number): Promise<void> {
  ctx.report(error, `${ctx.where}: read failed; retrying in ${backoffMs} ms`);
  // The stream (and so its groups) was deleted under us: recreate the group rather than fail forever.
  if (isNoGroupError(error))
    await ensureGroup(ctx.redis, ctx.key, ctx.opts.group).catch((e) => ctx.report(e, ctx.where));
  await Promise.race([pause(backoffMs), ctx.stopping]);
}

/** How often each claimed entry has been delivered, read back from XPENDING (XAUTOCLAIM does not say). */
async function deliveryCounts(ctx: Context, claimed: readonly RawEntry[]): Promise<Map<string, number>> {
  const first = claimed[0]?.[0] ?? '-';
  const last = claimed[claimed.length - 1]?.[0] ?? '+';
  const rows = (await ctx.redis.xpending(ctx.key, ctx.opts.group, first, last, 1000, ctx.opts.consumer)) as [
    id: string,
    consumer: string,
    idleMs: number,
    deliveries: number,
  ][];
  return new Map(rows.map(([id, , , deliveries]) => [id, Number(deliveries)]));
}

/** Claims entries idle past `reclaimIdleMs` (failed here, or held by a consumer that died) and queues them. */
function startReclaimer(ctx: Context): { stop(): Promise<void> } {
  let cursor = '0-0';
  let running: Promise<void> | undefined;
  const claimOnce = async () => {
    const count = Math.min(ctx.settings.batch, ctx.queue.room());
    if (count <= 0) return;
    const { group, consumer } = ctx.opts;
    // Redis 7 replies [next cursor, entries, deleted ids]; 6.2 omits the third element.
    const reply = (await ctx.redis.xautoclaim(
      ctx.key,
      group,
      consumer,
      ctx.settings.reclaimIdleMs,
      cursor,
      'COUNT',
      count,
    )) as [string, RawEntry[]];
    cursor = reply[0];
    const claimed = reply[1].filter(
      ([id, fields]) => fields !== null && !ctx.queue.isHeld(id) && !ctx.acker.isPending(id),
    );
    if (claimed.length === 0 || ctx.isStopping) return;
    const counts = await deliveryCounts(ctx, claimed);
    ctx.queue.push(claimed.map(([id, fields]) => ({ id, fields, deliveries: counts.get(id) ?? 2 })));
  };
  const tick = () => {
    running ??= claimOnce()
      .catch((error: unknown) => ctx.report(error, `${ctx.where}: reclaim failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, Math.max(1, Math.floor(ctx.settings.reclaimIdleMs / 2)));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Learns the reader connection's id (again after each reconnect) so `stop` can cut its blocking read short. */
async function trackReaderId(ctx: Context): Promise<void> {
  const learn = async () => {
    try {
      ctx.readerId = Number(await ctx.reader.client('ID'));
    } catch (error) {
      ctx.report(error, `${ctx.where}: CLIENT ID failed`);
    }
  };
  ctx.reader.on('ready', () => void learn());
  await learn();
}

/** Stops reading, lets running handlers finish and acknowledge, then closes the reader connection. */
async function stopConsumer(ctx: Context, parts: { loop: Promise<void>; reclaimer: { stop(): Promise<void> } }) {
  ctx.isStopping = true;
  ctx.queue.wake();
  await parts.reclaimer.stop();
  // UNBLOCK ... TIMEOUT ends XREADGROUP as if it timed out, so no entry it would have returned is lost.
  if (ctx.readerId !== undefined) {
    await ctx.redis.client('UNBLOCK', ctx.readerId, 'TIMEOUT').catch((e) => ctx.report(e, `${ctx.where}: unblock`));
  }
  await parts.loop;
  await ctx.queue.drain();
  await ctx.acker.settled();
  await ctx.reader.quit().catch(() => ctx.reader.disconnect());
}

/** Starts one consumer of a group: ensures the group, then reads, reclaims and runs handlers until stopped. */
export async function startRedisConsumer(deps: RedisConsumerDeps): Promise<Consumer> {
  await ensureGroup(deps.redis, deps.key, deps.opts.group);
  const where = `${deps.streamName}/${deps.opts.group}/${deps.opts.consumer}`;
  const settings = settingsOf(deps.opts);
  let markStopping = () => {};
  const stopping = new Promise<void>((resolve) => {
    markStopping = resolve;
  });
  const reader = deps.connect(`${deps.key}:${deps.opts.group}:${deps.opts.consumer}`);
  const base = { ...deps, settings, where, reader, stopping, isStopping: false, readerId: undefined };
  const ctx: Context = {
    ...base,
    acker: createAcker(base),
    queue: createWorkQueue(settings.concurrency, (d) => deliver(ctx, d)),
  };
  await trackReaderId(ctx);
  const parts = { loop: readLoop(ctx), reclaimer: startReclaimer(ctx) };
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      markStopping();
      stopped ??= stopConsumer(ctx, parts);
      return stopped;
    },
    inFlight: () => ctx.queue.running(),
  };
}
