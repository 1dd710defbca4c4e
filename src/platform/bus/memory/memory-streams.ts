/** A stored stream entry; the message is kept as JSON text so every delivery hands out a fresh copy. */
export interface StoredEntry {
  readonly id: string;
  readonly text: string;
}

/** An entry delivered to a consumer of a group and not yet acknowledged (Redis's pending entries list). */
export interface PendingEntry {
  readonly entry: StoredEntry;
  consumer: string;
  deliveries: number;
  deliveredAt: number;
}

/** A consumer group: a shared read position and the entries its consumers hold. */
export interface MemoryGroup {
  /** Absolute index (counting trimmed entries) of the next entry no consumer of the group has seen. */
  cursor: number;
  readonly pending: Map<string, PendingEntry>;
}

/** One stream: its entries, its groups, and the consumers to wake when an entry is appended. */
export interface MemoryStream {
  readonly entries: StoredEntry[];
  /** Entries dropped from the front by the length cap. */
  trimmed: number;
  lastMs: number;
  seq: number;
  readonly groups: Map<string, MemoryGroup>;
  readonly listeners: Set<() => void>;
}

/** Same generous cap as the Redis bus's `MAXLEN ~`: enough for a trading day, bounded for a long demo. */
const MAX_LENGTH = 1_000_000;
/** Trim in chunks, as `MAXLEN ~` does, so a full stream does not shift a million-slot array on every append. */
const TRIM_SLACK = 10_000;

/** An empty stream with no groups. */
export function createMemoryStream(): MemoryStream {
  return { entries: [], trimmed: 0, lastMs: 0, seq: 0, groups: new Map(), listeners: new Set() };
}

/** Adds an entry with a Redis-shaped id (`<ms>-<seq>`, always increasing) and wakes the stream's consumers. */
export function appendEntry(stream: MemoryStream, text: string): string {
  const ms = Date.now();
  if (ms > stream.lastMs) {
    stream.lastMs = ms;
    stream.seq = 0;
  } else {
    stream.seq += 1;
  }
  const id = `${stream.lastMs}-${stream.seq}`;
  stream.entries.push({ id, text });
  if (stream.entries.length > MAX_LENGTH + TRIM_SLACK) {
    const drop = stream.entries.length - MAX_LENGTH;
    stream.entries.splice(0, drop);
    stream.trimmed += drop;
  }
  for (const wake of stream.listeners) wake();
  return id;
}

/** Finds or creates a group; a new group starts at the stream's first retained entry. */
export function ensureGroup(stream: MemoryStream, name: string): MemoryGroup {
  let group = stream.groups.get(name);
  if (!group) {
    group = { cursor: stream.trimmed, pending: new Map() };
    stream.groups.set(name, group);
  }
  return group;
}

/** Hands the group's next unseen entry to `consumer`, recording it as pending; undefined when caught up. */
export function takeNewEntry(stream: MemoryStream, group: MemoryGroup, consumer: string): PendingEntry | undefined {
  group.cursor = Math.max(group.cursor, stream.trimmed);
  const entry = stream.entries[group.cursor - stream.trimmed];
  if (!entry) return undefined;
  group.cursor += 1;
  const pending: PendingEntry = { entry, consumer, deliveries: 1, deliveredAt: Date.now() };
  group.pending.set(entry.id, pending);
  return pending;
}

/**
 * Claims up to `count` entries idle for at least `minIdleMs` (whoever holds them, as XAUTOCLAIM does), skipping
 * ids the caller is already processing. Claiming counts as a delivery and restarts the idle time.
 */
export function claimIdleEntries(
  group: MemoryGroup,
  claim: { readonly consumer: string; readonly minIdleMs: number; readonly count: number },
  isHeld: (id: string) => boolean,
): PendingEntry[] {
  const now = Date.now();
  const claimed: PendingEntry[] = [];
  for (const pending of group.pending.values()) {
    if (claimed.length >= claim.count) break;
    if (now - pending.deliveredAt < claim.minIdleMs || isHeld(pending.entry.id)) continue;
    pending.consumer = claim.consumer;
    pending.deliveries += 1;
    pending.deliveredAt = now;
    claimed.push(pending);
  }
  return claimed;
}

/**
 * Empties a deleted stream in place, as Redis's DEL drops the stream and its groups: running consumers keep
 * their handle on it and go on with entries appended afterwards, like the Redis consumer that recreates its group.
 */
export function resetStream(stream: MemoryStream): void {
  stream.entries.length = 0;
  stream.trimmed = 0;
  for (const group of stream.groups.values()) {
    group.cursor = 0;
    group.pending.clear();
  }
}
