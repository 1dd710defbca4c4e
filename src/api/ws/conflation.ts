import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';

/**
 * Conflation: ticks land in a board that keeps only the latest value per instrument. At each flush (the hub's
 * rate, 4 Hz by default) every instrument that changed is serialised once, and every group of clients watching
 * the same instruments gets one frame, built once and sent as the same string to each member. A client
 * therefore sees at most one value per instrument per flush, always the latest, however fast ticks arrive.
 */
export interface QuoteBoard {
  update(ticks: readonly Tick[]): void;
  /** Marks instruments changed without a tick (their stale flag flipped). */
  touch(ids: readonly InstrumentId[]): void;
  /** Starts a flush: serialises what changed since the last one. Returns the flush number. */
  beginFlush(): number;
  latest(id: InstrumentId): Tick | undefined;
  /** `"id":{…}` of the latest value, or undefined before the first tick. */
  fragment(id: InstrumentId): string | undefined;
  changedIn(id: InstrumentId, flush: number): boolean;
}

interface Entry {
  tick: Tick;
  fragment: string;
  /** The flush in which this value was serialised. */
  flush: number;
  isDirty: boolean;
}

export function createQuoteBoard(deps: { isStale: (id: InstrumentId) => boolean }): QuoteBoard {
  const entries = new Map<InstrumentId, Entry>();
  const dirty: InstrumentId[] = [];
  let flush = 0;
  const serialise = (e: Entry) => {
    const t = e.tick;
    e.fragment = `${JSON.stringify(t.id)}:{"ltpPaise":${t.ltp},"bidPaise":${t.bid},"askPaise":${t.ask},"ts":${t.ts},"isStale":${deps.isStale(t.id)}}`;
  };
  const markDirty = (id: InstrumentId, e: Entry) => {
    if (e.isDirty) return;
    e.isDirty = true;
    dirty.push(id);
  };
  return {
    update(ticks) {
      for (const t of ticks) {
        const e = entries.get(t.id);
        if (!e) {
          const created: Entry = { tick: t, fragment: '', flush: -1, isDirty: false };
          entries.set(t.id, created);
          markDirty(t.id, created);
        } else if (t.ts >= e.tick.ts) {
          e.tick = t;
          markDirty(t.id, e);
        }
      }
    },
    touch(ids) {
      for (const id of ids) {
        const e = entries.get(id);
        if (e) markDirty(id, e);
      }
    },
    beginFlush() {
      flush++;
      for (const id of dirty) {
        const e = entries.get(id);
        if (!e) continue;
        serialise(e);
        e.flush = flush;
        e.isDirty = false;
      }
      dirty.length = 0;
      return flush;
    },
    latest: (id) => entries.get(id)?.tick,
    fragment: (id) => {
      const e = entries.get(id);
      return e && e.flush >= 0 ? e.fragment : undefined;
    },
    changedIn: (id, f) => entries.get(id)?.flush === f,
  };
}

/** Clients watching the same set of instruments; the unit a frame is built for. */
export interface LtpGroup {
  readonly key: string;
  readonly ids: readonly InstrumentId[];
  members: number;
  /** The partial frame of `flush` (undefined when nothing changed), built on first request. */
  partial(flush: number, now: number): string | undefined;
  /** Every known quote of the group, for new subscribers and clients recovering from a drop. */
  snapshot(flush: number, now: number): string;
}

// Two independent 32-bit FNV-1a hashes: group keys stay short however many instruments a client watches.
function hashKey(ids: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x811c9dc5) + 1;
    }
    a = Math.imul(a ^ 124, 0x01000193);
  }
  return `${ids.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

/** Groups clients by instrument set; a group lives while it has members. */
export interface LtpGroups {
  join(ids: readonly InstrumentId[]): LtpGroup;
  leave(group: LtpGroup): void;
  size(): number;
  /** Every instrument some group watches. */
  allIds(): InstrumentId[];
}

export function createLtpGroups(board: QuoteBoard): LtpGroups {
  const groups = new Map<string, LtpGroup>();
  const build = (ids: readonly InstrumentId[], now: number, pick: (id: InstrumentId) => boolean, snap: boolean) => {
    const parts: string[] = [];
    for (const id of ids) {
      const f = pick(id) ? board.fragment(id) : undefined;
      if (f) parts.push(f);
    }
    if (parts.length === 0 && !snap) return undefined;
    return `{"type":"ltp","now":${now},${snap ? '"snapshot":true,' : ''}"quotes":{${parts.join(',')}}}`;
  };
  const create = (key: string, ids: readonly InstrumentId[]): LtpGroup => {
    let partialOf = -1;
    let partialFrame: string | undefined;
    let snapshotOf = -1;
    let snapshotFrame = '';
    return {
      key,
      ids,
      members: 0,
      partial(flush, now) {
        if (partialOf !== flush) {
          partialOf = flush;
          partialFrame = build(ids, now, (id) => board.changedIn(id, flush), false);
        }
        return partialFrame;
      },
      snapshot(flush, now) {
        if (snapshotOf !== flush) {
          snapshotOf = flush;
          snapshotFrame = build(ids, now, () => true, true) ?? '';
        }
        return snapshotFrame;
      },
    };
  };
  return {
    join(ids) {
      const sorted = [...new Set(ids)].sort();
      const key = hashKey(sorted);
      let g = groups.get(key);
      if (!g) {
        g = create(key, sorted);
        groups.set(key, g);
      }
      g.members++;
      return g;
    },
    leave(group) {
      group.members--;
      if (group.members <= 0) groups.delete(group.key);
    },
    size: () => groups.size,
    allIds: () => [...new Set([...groups.values()].flatMap((g) => g.ids))],
  };
}
