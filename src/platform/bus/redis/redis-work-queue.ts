/** One entry handed to this consumer, by a read (deliveries 1) or a reclaim. */
export interface Delivery {
  readonly id: string;
  readonly fields: string[] | null;
  readonly deliveries: number;
}

/** Runs deliveries with at most `concurrency` handlers at once; the read loop and the reclaimer both feed it. */
export interface WorkQueue {
  /** Handler slots neither running nor spoken for by a queued delivery: how many entries to fetch next. */
  room(): number;
  push(deliveries: readonly Delivery[]): void;
  /** True while an entry is queued or running here, so a reclaim of our own entry does not run it twice. */
  isHeld(id: string): boolean;
  running(): number;
  /** Resolves on the next finished handler or `wake`. */
  changed(): Promise<void>;
  wake(): void;
  /** Starts nothing more and waits for running handlers. Queued entries stay pending in Redis for a reclaim. */
  drain(): Promise<void>;
}

/** Creates a work queue that calls `run` for each delivery; `run` must not throw (it reports its own errors). */
export function createWorkQueue(concurrency: number, run: (delivery: Delivery) => Promise<void>): WorkQueue {
  const limit = Math.max(1, concurrency);
  const queued: Delivery[] = [];
  const held = new Set<string>();
  const tasks = new Set<Promise<void>>();
  let isDraining = false;
  let pumpScheduled = false;
  let notify: (() => void) | undefined;
  let changed: Promise<void> | undefined;

  const wake = () => {
    const resolve = notify;
    notify = undefined;
    changed = undefined;
    resolve?.();
  };

  const start = (delivery: Delivery) => {
    const task = run(delivery).finally(() => {
      tasks.delete(task);
      held.delete(delivery.id);
      pump();
      wake();
    });
    tasks.add(task);
  };

  function pump() {
    while (!isDraining && tasks.size < limit) {
      const next = queued.shift();
      if (!next) return;
      start(next);
    }
  }

  return {
    room: () => limit - tasks.size - queued.length,
    push(deliveries) {
      for (const delivery of deliveries) {
        if (held.has(delivery.id)) continue;
        held.add(delivery.id);
        queued.push(delivery);
      }
      // Handlers start after this turn's other I/O callbacks: a read of a whole wave does not hold up, say, the
      // reply to the append that produced it while a thousand handlers run their first steps.
      if (!pumpScheduled) {
        pumpScheduled = true;
        setImmediate(() => {
          pumpScheduled = false;
          pump();
        });
      }
    },
    isHeld: (id) => held.has(id),
    running: () => tasks.size,
    changed() {
      changed ??= new Promise<void>((resolve) => {
        notify = resolve;
      });
      return changed;
    },
    wake,
    async drain() {
      isDraining = true;
      queued.length = 0;
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
  };
}
