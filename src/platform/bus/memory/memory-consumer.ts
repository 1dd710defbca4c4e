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

/**
 * A consumer driven by events rather than polling: an append, a finished handler or a reclaim tick schedules one
 * `pump` in a microtask, which starts handlers until the concurrency limit is reached. `batch` and `blockMs`
 * shape Redis reads and have no meaning here.
 */
export function startMemoryConsumer(deps: MemoryConsumerDeps): Consumer {
  const { stream, opts, handler } = deps;
  const group: MemoryGroup = ensureGroup(stream, opts.group);
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  const reclaimIdleMs = Math.max(1, opts.reclaimIdleMs ?? 30_000);
  const backlog: PendingEntry[] = [];
  const held = new Set<string>();
  const tasks = new Set<Promise<void>>();
  let running = 0;
  let isStopping = false;
  let isPumpScheduled = false;
  let stopped: Promise<void> | undefined;

  const context = (id: string) =>
    `${deps.streamName}/${opts.group}/${opts.consumer}: entry ${id} failed and stays pending`;

  const run = async (pending: PendingEntry) => {
    const { id, text } = pending.entry;
    try {
      await handler({ id, message: JSON.parse(text) as Json, deliveries: pending.deliveries });
      group.pending.delete(id);
    } catch (error) {
      deps.report(error, context(id));
    }
  };

  const dispatch = (pending: PendingEntry) => {
    running += 1;
    held.add(pending.entry.id);
    const task = run(pending).finally(() => {
      running -= 1;
      held.delete(pending.entry.id);
      tasks.delete(task);
      schedulePump();
    });
    tasks.add(task);
  };

  /** A claimed entry may have been acknowledged or re-claimed by another consumer while it waited here. */
  const nextEntry = (): PendingEntry | undefined => {
    for (let p = backlog.shift(); p; p = backlog.shift()) {
      held.delete(p.entry.id);
      if (group.pending.get(p.entry.id) === p && p.consumer === opts.consumer) return p;
    }
    return takeNewEntry(stream, group, opts.consumer);
  };

  const pump = () => {
    isPumpScheduled = false;
    while (!isStopping && running < concurrency) {
      const pending = nextEntry();
      if (!pending) return;
      dispatch(pending);
    }
  };

  function schedulePump() {
    if (isPumpScheduled || isStopping) return;
    isPumpScheduled = true;
    queueMicrotask(pump);
  }

  const reclaim = () => {
    const claim = { consumer: opts.consumer, minIdleMs: reclaimIdleMs, count: opts.batch ?? 64 };
    for (const p of claimIdleEntries(group, claim, (id) => held.has(id))) {
      held.add(p.entry.id);
      backlog.push(p);
    }
    if (backlog.length > 0) schedulePump();
  };

  const timer = setInterval(reclaim, Math.max(1, Math.floor(reclaimIdleMs / 2)));
  timer.unref();
  stream.listeners.add(schedulePump);
  schedulePump();

  const drain = async () => {
    isStopping = true;
    clearInterval(timer);
    stream.listeners.delete(schedulePump);
    // Claimed but unstarted entries stay pending under this consumer; another one reclaims them when idle.
    backlog.length = 0;
    while (tasks.size > 0) await Promise.allSettled([...tasks]);
  };

  return {
    stop: () => {
      stopped ??= drain();
      return stopped;
    },
    inFlight: () => running,
  };
}
