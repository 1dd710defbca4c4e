import { createCandleStore, createFeed, createLtpCache } from '#src/market';
import { startHeartbeat } from '#src/ops';
import { type Role, stopInOrder } from './role';

/** Market data in: source → LTP cache → batched tick publish → candles (published and stored) → health. */
export const feed: Role = {
  name: 'feed',
  async start(platform) {
    const { specs, calendar } = platform.market;
    const indexIds = specs
      .underlyings()
      .filter((u) => specs.spec(u).segment !== 'MCX')
      .map((u) => specs.indexId(u));
    const f = await createFeed({
      source: platform.createFeedSource(),
      bus: platform.bus,
      clock: platform.clock,
      ltpCache: createLtpCache(platform.bus),
      candleStore: createCandleStore(platform.store.db),
      calendar,
      instance: platform.instance,
      log: platform.log.child({ role: 'feed' }),
      metrics: platform.metrics,
      baseInstruments: indexIds,
    });
    const hb = startHeartbeat({
      bus: platform.bus,
      role: 'feed',
      instance: platform.instance,
      intervalMs: platform.config.heartbeatMs,
    });
    return stopInOrder(hb, f);
  },
};
