import { createFeed, createLtpCache } from '#src/market';
import { startHeartbeat } from '#src/ops';
import { type Role, stopInOrder } from './role';

/** Market data in: source → LTP cache → batched tick publish → candles. */
export const feed: Role = {
  name: 'feed',
  async start(platform) {
    const { specs } = platform.market;
    const indexIds = new Set(
      specs
        .underlyings()
        .filter((u) => specs.spec(u).segment !== 'MCX')
        .map((u) => String(specs.indexId(u))),
    );
    const f = await createFeed({
      source: platform.createFeedSource(),
      bus: platform.bus,
      clock: platform.clock,
      ltpCache: createLtpCache(platform.bus),
      log: platform.log.child({ role: 'feed' }),
      metrics: platform.metrics,
      candleInstruments: (id) => indexIds.has(id),
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
