import type { ConsumeOptions, Consumer, Json, StreamHandler } from '../bus';
import {
  claimIdleEntries,
  ensureGroup,
  type MemoryGroup,
  type MemoryStream,
  type PendingEntry,
  takeNewEntry,
} from './memory-streams';

/** What a memory consumer needs from the bus that starts it. */
export interface MemoryConsumerDeps {
  readonly stream: MemoryStream;
  /** Stream name, for error reports. */
  readonly streamName: string;
  readonly opts: ConsumeOptions;
  readonly handler: StreamHandler;
  readonly report: (error: unknown, context: string) => void;
}

interface State extends MemoryConsumerDeps {
  readonly group: MemoryGroup;
  readonly concurrency: number;
  /** Entries claimed by a reclaim and not started yet. */
  readonly backlog: PendingEntry[];
  /** Ids in the backlog or running, so a reclaim does not hand this consumer what it already has. */
  readonly held: Set<string>;
  readonly tasks: Set<Promise<void>>;
  readonly wake: () => void;
  isStopping: boolean;
  isPumpScheduled: boolean;
}

/** Runs the handler; acknowledging is removing the entry from the group's pending list. */
async function run(state: State, pending: PendingEntry): Promise<void> {
  const { id, text } = pending.entry;
  try {
    await state.handler({ id, message: JSON.parse(text) as Json, deliveries: pending.deliveries });
    state.group.pending.delete(id);
  } catch (error) {
    const { group, consumer } = state.opts;
    state.report(error, `${state.streamName}/${group}/${consumer}: entry ${id} failed and stays pending`);
  }
}

function dispatch(state: State, pending: PendingEntry): void {
  const { id } = pending.entry;
  state.held.add(id);
  const task = run(state, pending).finally(() => {
    state.held.delete(id);
    state.tasks.delete(task);
    state.wake();
  });
  state.tasks.add(task);
}

/** A claimed entry may have been acknowledged or re-claimed by another consumer while it waited here. */
function nextEntry(state: State): PendingEntry | undefined {
  for (let p = state.backlog.shift(); p; p = state.backlog.shift()) {
    state.held.delete(p.entry.id);
    if (state.group.pending.get(p.entry.id) === p && p.consumer === state.opts.consumer) return p;
  }
  return takeNewEntry(state.stream, state.group, state.opts.consumer);
}

function pump(state: State): void {
  state.isPumpScheduled = false;
  while (!state.isStopping && state.tasks.size < state.concurrency) {
    const pending = nextEntry(state);
    if (!pending) return;
    dispatch(state, pending);
  }
}

/**
 * Coalesces wake-ups into one pump per event-loop turn (`setImmediate`: never inside `append`, never behind a
 * timer). Not a microtask: the appender resumes first, so a producer appending a wave of 1,000 commands does not
 * wait while 1,000 handlers start.
 */
function schedulePump(state: State): void {
  if (state.isPumpScheduled || state.isStopping) return;
  state.isPumpScheduled = true;
  setImmediate(() => pump(state));
}

function reclaim(state: State, reclaimIdleMs: number): void {
  const claim = {
    consumer: state.opts.consumer,
    minIdleMs: reclaimIdleMs,
    count: state.opts.batch ?? Math.min(state.concurrency, 256),
  };
  for (const pending of claimIdleEntries(state.group, claim, (id) => state.held.has(id))) {
    state.held.add(pending.entry.id);
    state.backlog.push(pending);
  }
  if (state.backlog.length > 0) state.wake();
}

/** Starts nothing more and waits for running handlers; claimed but unstarted entries stay pending here. */
async function drain(state: State): Promise<void> {
  state.isStopping = true;
  state.stream.listeners.delete(state.wake);
  state.backlog.length = 0;
  while (state.tasks.size > 0) await Promise.allSettled([...state.tasks]);
}

/**
 * A consumer driven by events rather than polling: an append, a finished handler or a reclaim tick schedules a
 * pump, which starts handlers up to the concurrency limit. `batch` caps a reclaim; `blockMs` has no meaning here.
 */
export function startMemoryConsumer(deps: MemoryConsumerDeps): Consumer {
  const state: State = {
    ...deps,
    group: ensureGroup(deps.stream, deps.opts.group),
    concurrency: Math.max(1, deps.opts.concurrency ?? 16),
    backlog: [],
    held: new Set(),
    tasks: new Set(),
    wake: () => schedulePump(state),
    isStopping: false,
    isPumpScheduled: false,
  };
  const reclaimIdleMs = Math.max(1, deps.opts.reclaimIdleMs ?? 30_000);
  const timer = setInterval(() => reclaim(state, reclaimIdleMs), Math.max(1, Math.floor(reclaimIdleMs / 2)));
  timer.unref();
  deps.stream.listeners.add(state.wake);
  state.wake();
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      clearInterval(timer);
      stopped ??= drain(state);
      return stopped;
    },
    inFlight: () => state.tasks.size,
  };
}
