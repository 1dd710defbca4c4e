import { type Bus, CHANNELS } from '#src/platform/bus';
import type { Clock, TimerHandle } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';

/**
 * Declares what a consumer needs quoted to the feed (CHANNELS.demand, ref-counted per owner by the feed's
 * demand registry): the whole need on every change, renewed every `renewMs` so it outlives the feed's lease only
 * while this process lives, and released (an empty need) on stop.
 */
export interface DemandPublisher {
  /** Recomputes the need and declares it when it changed (or the renewal is due). */
  update(): Promise<void>;
  /** The need last declared. */
  declared(): readonly string[];
  /** Stops renewing and releases the need. */
  stop(): Promise<void>;
}

export interface DemandPublisherDeps {
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  /** A stable name of this consumer, e.g. `strategy:<instance>`. */
  readonly owner: string;
  readonly needs: () => Promise<readonly string[]>;
  /** Renewal period; well inside the feed's lease (30 s by default). Default 10 s. */
  readonly renewMs?: number;
}

export async function startDemandPublisher(deps: DemandPublisherDeps): Promise<DemandPublisher> {
  const { bus, clock, log, owner } = deps;
  const renewMs = deps.renewMs ?? 10_000;
  let declared: string[] = [];
  let declaredAt = Number.NEGATIVE_INFINITY;
  let isStopped = false;
  let chain = Promise.resolve();

  const declare = async (ids: string[]) => {
    await bus.publish(CHANNELS.demand, { owner, ids });
    declared = ids;
    declaredAt = clock.now();
  };
  const run = async () => {
    if (isStopped) return;
    const ids = [...new Set(await deps.needs())].sort();
    const isSame = ids.length === declared.length && ids.every((id, i) => id === declared[i]);
    if (isSame && clock.now() - declaredAt < renewMs) return;
    await declare(ids);
  };
  // One computation at a time, in order: a slow read cannot let an older need overwrite a newer one.
  const update = () => {
    chain = chain.then(run).catch((err: unknown) => log.warn({ err }, 'declaring market-data demand failed'));
    return chain;
  };

  await update();
  const timer: TimerHandle = clock.setInterval(renewMs, () => void update());
  return {
    update,
    declared: () => declared,
    async stop() {
      timer.cancel();
      isStopped = true;
      await chain;
      await declare([]).catch((err: unknown) => log.warn({ err }, 'releasing market-data demand failed'));
    },
  };
}
