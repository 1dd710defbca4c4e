/**
 * The message bus port: pub/sub (ticks, events), durable command streams with consumer groups, and a small
 * key-value store (idempotency keys, LTP cache hashes, heartbeats, shared rate-limit buckets).
 * Implementations: memory (one process, embedded) and Redis (ioredis; many processes). Both pass
 * bus.contract.ts. Messages are JSON values; implementations serialise them.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `publishRows`' rows hold a key and at least one number; both buses refuse any other width. */
export function assertRowWidth(width: number): void {
  if (!Number.isInteger(width) || width < 2) throw new RangeError(`a row needs a key and a number: width ${width}`);
}

/** Called for each message on a channel matching a subscription pattern. */
export type MessageHandler = (message: Json, channel: string) => void;

/** A live subscription; `unsubscribe` stops delivery. */
export interface Subscription {
  unsubscribe(): Promise<void>;
}

/** One entry read from a stream. `deliveries` counts how often it has been handed to a consumer (1 = first). */
export interface StreamEntry {
  readonly id: string;
  readonly message: Json;
  readonly deliveries: number;
}

/**
 * Processes one stream entry. Resolving acknowledges it; throwing leaves it pending so it is redelivered
 * (to this or another consumer, after `reclaimIdleMs`). Handlers must be idempotent: delivery is at least once.
 */
export type StreamHandler = (entry: StreamEntry) => Promise<void>;

export interface ConsumeOptions {
  /** Consumer group name; every group sees every entry once, shared between its consumers. */
  readonly group: string;
  /** This consumer's unique name inside the group (e.g. role + pid). */
  readonly consumer: string;
  /** Max entries fetched per read. Default: the concurrency, up to 256 (a wave of 1,000 in four reads). */
  readonly batch?: number;
  /** How long a read blocks waiting for new entries. Default 1000 ms. */
  readonly blockMs?: number;
  /** Entries pending longer than this with another (dead) consumer are claimed. Default 30 000 ms. */
  readonly reclaimIdleMs?: number;
  /** Max handlers running at once for this consumer. Default 16. */
  readonly concurrency?: number;
}

/** A running stream consumer. `stop` stops reading and waits for in-flight handlers (drain). */
export interface Consumer {
  stop(): Promise<void>;
  /** Number of handlers currently running. */
  inFlight(): number;
}

export interface PublishItem {
  readonly channel: string;
  readonly message: Json;
}

export interface Bus {
  // ── pub/sub ──────────────────────────────────────────────────────────────
  /** Publishes to one channel. Fire-and-forget semantics: subscribers that are not connected miss it. */
  publish(channel: string, message: Json): Promise<void>;
  /** Publishes many messages in one round trip (ticks). Order is kept per channel. */
  publishBatch(items: readonly PublishItem[]): Promise<void>;
  /**
   * Publishes a table and keeps the latest values of each of its rows readable. `rows` is a flat array of rows
   * of `width` cells: a string key, then `width - 1` numbers. Every row's numbers, joined by `,`, are stored in
   * hash `key` under the row's key (a later row of a key wins), and then the flat array is published on
   * `channel`, so a subscriber that reads the hash on hearing the table finds its values there. One command on
   * Redis whatever the row count: the feed's write path (LTP cache + ticks).
   */
  publishRows(channel: string, key: string, width: number, rows: readonly (string | number)[]): Promise<void>;
  /** Subscribes to channels matching a glob pattern (`*` matches any run of characters, e.g. `tick.*`). */
  subscribe(pattern: string, handler: MessageHandler): Promise<Subscription>;

  // ── durable streams ──────────────────────────────────────────────────────
  /** Appends to a stream and returns the entry id. The stream and its groups survive consumer deaths. */
  append(stream: string, message: Json): Promise<string>;
  /** Appends many entries in one round trip; ids in order. */
  appendMany(stream: string, messages: readonly Json[]): Promise<string[]>;
  /** Starts consuming a stream in a consumer group (created if missing, from the stream's beginning). */
  consume(stream: string, opts: ConsumeOptions, handler: StreamHandler): Promise<Consumer>;
  /** Entries delivered to the group but not yet acknowledged. */
  pendingCount(stream: string, group: string): Promise<number>;
  /** Entries in the stream (acknowledged or not) — for tests and dashboards. */
  streamLength(stream: string): Promise<number>;

  // ── key-value ────────────────────────────────────────────────────────────
  /** Sets `key` only if absent; returns true when this call set it (idempotency guard). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  del(key: string): Promise<void>;
  /** Keys matching a glob pattern (small key spaces only: heartbeats, halts). */
  keys(pattern: string): Promise<string[]>;
  /** Atomically adds `by` to an integer key, setting its TTL when created; returns the new value. */
  incr(key: string, by: number, ttlMs: number): Promise<number>;
  hset(key: string, fields: Readonly<Record<string, string>>): Promise<void>;
  /** Sets fields on many hashes in one round trip (the LTP cache write path). */
  hsetMany(entries: ReadonlyArray<readonly [key: string, fields: Readonly<Record<string, string>>]>): Promise<void>;
  hget(key: string, field: string): Promise<string | undefined>;
  hgetall(key: string): Promise<Record<string, string>>;

  /** Closes connections; stops all consumers and subscriptions. */
  close(): Promise<void>;
}
