import type { InstrumentId, Segment } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';

/**
 * A market-data source for the feed role: the simulated exchange, a replay file, or a broker's feed socket.
 * It pushes normalised ticks (instrument ids, paise) in batches.
 */
export interface FeedSource {
  readonly name: string;
  /** Segments the source quotes: the stall watchdog expects ticks only while one of them is open. */
  readonly segments?: readonly Segment[];
  start(onTicks: (ticks: Tick[]) => void): Promise<void>;
  stop(): Promise<void>;
  /** Adds instruments to the live subscription; sources that quote everything (sim, replay) omit it. */
  subscribe?(ids: readonly InstrumentId[]): void;
  unsubscribe?(ids: readonly InstrumentId[]): void;
  /** Drops the connection and connects again (the stall watchdog's remedy); connectionless sources omit it. */
  restart?(): Promise<void>;
  /** The connection's state and, when it is not live, why (a broker socket: "no valid session …"). */
  status?(): FeedConnection;
}

/** A connected source's link, as the feed health reports it. */
export interface FeedConnection {
  readonly state: 'CONNECTING' | 'LIVE' | 'RECONNECTING' | 'CLOSED';
  readonly reason: string | null;
}
