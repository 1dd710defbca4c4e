import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { createLtpCache, createTickStaleness } from '#src/market';
import { startHeartbeat } from '#src/ops';
import { createLegResolver, createStrategyEngine, createWaveFanOut } from '#src/strategies';
import { type Role, stopInOrder } from './role';

/** Master settings → signals → waves fanned out to mapped accounts → order commands. */
export const strategy: Role = {
  name: 'strategy',
  async start(platform) {
    const { calendar, specs } = platform.market;
    const log = platform.log.child({ role: 'strategy' });
    const ltp = createLtpCache(platform.bus);
    const legs = createLegResolver({ calendar, specs, quotes: (ids) => ltp.readMany(ids) });
    const deps = { db: platform.store.db, bus: platform.bus, clock: platform.clock, log };
    const fanOut = createWaveFanOut({ ...deps, legs });
    // Strategies do not enter on stale data: the engine asks this before every entry.
    const staleness = await createTickStaleness({ bus: platform.bus, clock: platform.clock, calendar });
    const engine = await createStrategyEngine({
      ...deps,
      fanOut,
      specs: { indexIdOf: (u) => specs.indexId(u) },
      isStale: (id) => staleness.isStale(id as InstrumentId),
    });
    const hb = startHeartbeat({
      bus: platform.bus,
      role: 'strategy',
      instance: platform.instance,
      intervalMs: platform.config.heartbeatMs,
    });
    return stopInOrder(hb, engine, staleness);
  },
};
