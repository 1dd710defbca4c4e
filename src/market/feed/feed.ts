import type { Tick } from '#src/domain/market/tick';
import { type Bus, CHANNELS, type Json } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import { createCandleBuilder } from '../candles/candle-builder';
import type { LtpCache } from '../ltp-cache';
import type { FeedSource } from './feed-source';

/** The feed role's pipeline: source → LTP cache (pipelined) → one batched tick publish → 1-minute candles. */
export interface Feed {
  stop(): Promise<void>;
}

export interface FeedDeps {
  readonly source: FeedSource;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly ltpCache: LtpCache;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Instruments whose 1-minute candles are built and published (the indices strategies trade on). */
  readonly candleInstruments: (id: string) => boolean;
}

export async function createFeed(deps: FeedDeps): Promise<Feed> {
  const builder = createCandleBuilder(1);
  let chain = Promise.resolve();
  const publishCandles = (candles: ReturnType<typeof builder.flush>) =>
    candles.length === 0
      ? Promise.resolve()
      : deps.bus.publishBatch(
          candles.map((c) => ({ channel: CHANNELS.candle(1, c.id), message: c as unknown as Json })),
        );

  const ingest = async (ticks: Tick[]) => {
    await deps.ltpCache.write(ticks);
    await deps.bus.publish(CHANNELS.ticks, ticks as unknown as Json);
    deps.metrics.ticksIngested.inc(ticks.length);
    const closed = ticks.filter((t) => deps.candleInstruments(t.id)).flatMap((t) => builder.onTick(t));
    await publishCandles(closed);
  };
  // Batches are processed strictly in order; a failing batch is logged and the pipeline continues.
  const onTicks = (ticks: Tick[]) => {
    chain = chain.then(() => ingest(ticks)).catch((err) => deps.log.error({ err }, 'feed batch failed'));
  };
  const flushTimer = deps.clock.setInterval(5_000, () => {
    chain = chain.then(() => publishCandles(builder.flush(deps.clock.now() - 2_000)));
  });
  await deps.source.start(onTicks);
  deps.log.info({ source: deps.source.name }, 'feed started');
  return {
    async stop() {
      flushTimer.cancel();
      await deps.source.stop();
      await chain;
    },
  };
}
