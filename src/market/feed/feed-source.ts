import type { Tick } from '#src/domain/market/tick';

/**
 * A market-data source for the feed role: the simulated exchange, a replay file, or a broker's feed socket.
 * It pushes normalised ticks (instrument ids, paise) in batches.
 */
export interface FeedSource {
  readonly name: string;
  start(onTicks: (ticks: Tick[]) => void): Promise<void>;
  stop(): Promise<void>;
}
