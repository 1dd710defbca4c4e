import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';

/**
 * Conflation: ticks land in a board that keeps only the latest value per instrument, stamped with a change
 * sequence number. A client remembers the sequence number of the last quotes it was sent; its next frame carries
 * every quote of its instruments changed since then, each serialised once (lazily, when first needed) and shared
 * by every frame that includes it. Clients watching the same instruments form a group whose frame is built once
 * per pass and sent as the same bytes to each member. A client therefore sees at most one value per instrument
 * per send, always the latest, however fast ticks arrive, and never misses a change between its sends.
 */
export interface QuoteBoard {
  update(ticks: readonly Tick[]): void;
  /** Marks instruments changed without a tick (their stale flag flipped). */
  touch(ids: readonly InstrumentId[]): void;
  /** The current change sequence number: a client sent quotes now has seen everything up to it. */
  seq(): number;
  latest(id: InstrumentId): Tick | undefined;
  /** `"id":{…}` of the latest value, or undefined before the first tick. */
  fragment(id: InstrumentId): string | undefined;
  /** True when the instrument's value changed after sequence number `since`. */
  changedSince(id: InstrumentId, since: number): boolean;
}

interface Entry {
  /** `"id":`, serialised once per instrument. */
  readonly key: string;
  tick: Tick;
  /** Serialised latest value; undefined until first needed after a change. */
  fragment: string | undefined;
  /** The sequence number of the last change. */
  changedAt: number;
}

export function createQuoteBoard(deps: { isStale: (id: InstrumentId) => boolean }): QuoteBoard {
  const entries = new Map<InstrumentId, Entry>();
  let seq = 0;
  return {
    update(ticks) {
      if (ticks.length === 0) return;
      seq++;
      for (const t of ticks) {
        const e = entries.get(t.id);
        if (!e) entries.set(t.id, { key: `${JSON.stringify(t.id)}:`, tick: t, fragment: undefined, changedAt: seq });
        else if (t.ts >= e.tick.ts) {
          e.tick = t;
          e.fragment = undefined;
          e.changedAt = seq;
        }
      }
    },
    touch(ids) {
      if (ids.length === 0) return;
      seq++;
      for (const id of ids) {
        const e = entries.get(id);
        if (!e) continue;
        e.fragment = undefined;
        e.changedAt = seq;
      }
    },
    seq: () => seq,
    latest: (id) => entries.get(id)?.tick,
    fragment(id) {
      const e = entries.get(id);
      if (!e) return undefined;
      if (e.fragment === undefined) {
        const t = e.tick;
        e.fragment = `${e.key}{"ltpPaise":${t.ltp},"bidPaise":${t.bid},"askPaise":${t.ask},"ts":${t.ts},"isStale":${deps.isStale(t.id)}}`;
      }
      return e.fragment;
    },
    changedSince: (id, since) => (entries.get(id)?.changedAt ?? 0) > since,
  };
}

/** A frame as sent: encoded once, the same bytes for every client it goes to. */
export type Frame = string | Buffer;

/** Clients watching the same set of instruments; the unit a frame is built for. */
export interface LtpGroup {
  readonly key: string;
  readonly ids: readonly InstrumentId[];
  members: number;
  /** The send-pass slice this group's clients are flushed in (spreads the clients over the interval). */
  readonly slice: number;
  /** Quotes changed since `since` (undefined when none), built once per pass and `since`. */
  partial(pass: number, since: number, now: number): Buffer | undefined;
  /** Every known quote of the group, for new subscribers and clients recovering from a drop. */
  snapshot(pass: number, now: number): Buffer;
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
  /** Joins the group of these instruments; a new group is placed in `pickSlice()`. */
  join(ids: readonly InstrumentId[], pickSlice: () => number): LtpGroup;
  leave(group: LtpGroup): void;
  size(): number;
  /** Every instrument some group watches. */
  allIds(): InstrumentId[];
}

export function createLtpGroups(board: QuoteBoard): LtpGroups {
  const groups = new Map<string, LtpGroup>();
  const build = (ids: readonly InstrumentId[], now: number, since: number, snap: boolean): Buffer | undefined => {
    let body = '';
    for (const id of ids) {
      if (!snap && !board.changedSince(id, since)) continue;
      const f = board.fragment(id);
      if (f === undefined) continue;
      body = body.length === 0 ? f : `${body},${f}`;
    }
    if (body.length === 0 && !snap) return undefined;
    return Buffer.from(`{"type":"ltp","now":${now},${snap ? '"snapshot":true,' : ''}"quotes":{${body}}}`);
  };
  const create = (key: string, ids: readonly InstrumentId[], slice: number): LtpGroup => {
    // Frames of the current pass by `since`: members flushed together share one (normally the only entry).
    let partialsOf = -1;
    let partialsSeq = -1;
    const partials = new Map<number, Buffer | undefined>();
    let snapshotOf = -1;
    let snapshotSeq = -1;
    let snapshotFrame: Buffer | undefined;
    return {
      key,
      ids,
      members: 0,
      slice,
      partial(pass, since, now) {
        const seq = board.seq();
        if (since >= seq) return undefined;
        if (partialsOf !== pass || partialsSeq !== seq) {
          partialsOf = pass;
          partialsSeq = seq;
          partials.clear();
        }
        if (partials.has(since)) return partials.get(since);
        const f = build(ids, now, since, false);
        partials.set(since, f);
        return f;
      },
      snapshot(pass, now) {
        const seq = board.seq();
        if (!snapshotFrame || snapshotOf !== pass || snapshotSeq !== seq) {
          snapshotOf = pass;
          snapshotSeq = seq;
          snapshotFrame = build(ids, now, 0, true) ?? Buffer.alloc(0);
        }
        return snapshotFrame;
      },
    };
  };
  return {
    join(ids, pickSlice) {
      const sorted = [...new Set(ids)].sort();
      const key = hashKey(sorted);
      let g = groups.get(key);
      if (!g) {
        g = create(key, sorted, pickSlice());
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
