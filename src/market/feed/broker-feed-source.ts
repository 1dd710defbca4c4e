import type { FeedState, MarketFeed } from '#src/brokers/contract';
import type { InstrumentId, Segment } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Clock, TimerHandle } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import { type Backoff, createBackoff } from './backoff';
import type { FeedConnection, FeedSource } from './feed-source';

/** Callbacks a broker feed is built with (they become the broker's FeedDeps.onTicks / onState). */
export interface BrokerFeedHandlers {
  onTicks(ticks: readonly Tick[]): void;
  onState(state: FeedState, reason?: string): void;
}

/** A broker feed source: the contract's MarketFeed, kept alive across closes and stalls. */
export interface BrokerFeedSource extends FeedSource {
  readonly state: FeedState;
  readonly reconnects: number;
  status(): FeedConnection;
  /**
   * Drops the connection and connects again after the backoff (`fresh`: at once, with the backoff reset, for a
   * cause that was just fixed, such as a newly stored session); `why` is reported until it is live again.
   */
  restart(why?: string, opts?: { fresh?: boolean }): Promise<void>;
}

/**
 * Wraps a broker's MarketFeed as a FeedSource. `connect` is called for the first connection and again for each
 * reconnect, so it must build a fresh feed whose `getSession` re-reads the token from the store: a trader who
 * re-logs in mid-day is picked up without a restart. A feed that closes on its own, or that the stall
 * watchdog restarts, is rebuilt after a jittered exponential backoff and re-subscribed to the current set.
 */
export function createBrokerFeedSource(deps: {
  name: string;
  clock: Clock;
  log: Logger;
  segments: readonly Segment[];
  connect: (handlers: BrokerFeedHandlers) => MarketFeed;
  backoff?: Backoff;
}): BrokerFeedSource {
  const backoff = deps.backoff ?? createBackoff();
  const interest = new Set<InstrumentId>();
  let feed: MarketFeed | undefined;
  let state: FeedState = 'CLOSED';
  let reason: string | null = null;
  let isStopped = true;
  let reconnects = 0;
  let retry: TimerHandle | undefined;
  let deliver: (ticks: Tick[]) => void = () => {};

  const open = () => {
    const current = deps.connect({
      onTicks: (ticks) => {
        if (feed === current) deliver([...ticks]);
      },
      onState: (s, why) => {
        if (feed !== current) return; // a replaced feed's last words
        state = s;
        reason = s === 'LIVE' ? null : (why ?? reason);
        if (s === 'LIVE') backoff.reset();
        if (s === 'CLOSED' && !isStopped) scheduleReconnect(why ?? 'closed by the broker');
      },
    });
    feed = current;
    state = 'CONNECTING';
    if (interest.size > 0) current.subscribe([...interest]);
  };

  /** `now`: at once (a fresh restart does not wait out a pending backoff either). */
  const scheduleReconnect = (why: string, now = false) => {
    if (isStopped || (retry && !now)) return;
    retry?.cancel();
    retry = undefined;
    const delayMs = now ? 0 : backoff.next();
    state = 'RECONNECTING';
    reason = why;
    deps.log.warn({ source: deps.name, reason: why, delayMs }, 'feed reconnecting');
    const old = feed;
    feed = undefined;
    void old?.close().catch((err: unknown) => deps.log.warn({ err }, 'closing the old feed failed'));
    retry = deps.clock.setTimer(delayMs, () => {
      retry = undefined;
      if (isStopped) return;
      reconnects++;
      open();
    });
  };

  return {
    name: deps.name,
    segments: deps.segments,
    get state() {
      return state;
    },
    get reconnects() {
      return reconnects;
    },
    status: (): FeedConnection => ({ state, reason }),
    async start(onTicks) {
      deliver = onTicks;
      isStopped = false;
      open();
    },
    async stop() {
      isStopped = true;
      retry?.cancel();
      retry = undefined;
      state = 'CLOSED';
      const old = feed;
      feed = undefined;
      await old?.close();
    },
    subscribe(ids) {
      for (const id of ids) interest.add(id);
      feed?.subscribe(ids);
    },
    unsubscribe(ids) {
      for (const id of ids) interest.delete(id);
      feed?.unsubscribe(ids);
    },
    async restart(why = 'data stall', opts = {}) {
      if (opts.fresh) {
        backoff.reset();
        return scheduleReconnect(why, true);
      }
      // A feed that was not live is silent for its own reason ("no session …"): that stays the reason shown.
      scheduleReconnect(state !== 'LIVE' && reason ? reason : why);
    },
  };
}
