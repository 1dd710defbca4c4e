import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { createLtpCache, createTickStaleness } from '#src/market';
import { startHeartbeat } from '#src/ops';
import {
  createLegResolver,
  createStrategyEngine,
  createWaveFanOut,
  type DemandPublisher,
  startDemandPublisher,
} from '#src/strategies';
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
    let demand: DemandPublisher | undefined;
    const engine = await createStrategyEngine({
      ...deps,
      fanOut,
      specs: { indexIdOf: (u) => specs.indexId(u) },
      isStale: (id) => staleness.isStale(id as InstrumentId),
      onNeedsChanged: () => void demand?.update(),
    });
    // The feed quotes what strategies need: each running setting's index and the strikes a leg may pick around
    // spot, and the contracts of open trades until they close.
    demand = await startDemandPublisher({
      ...deps,
      owner: `strategy:${platform.instance}`,
      needs: async () => {
        const { underlyings, tradeInstruments } = engine.needs();
        const now = platform.clock.now();
        const candidates = await Promise.all(
          underlyings.map((u) => legs.candidates(u, now).catch((): InstrumentId[] => [])),
        );
        return [...candidates.flat(), ...tradeInstruments];
      },
    });
    const hb = startHeartbeat({
      bus: platform.bus,
      role: 'strategy',
      instance: platform.instance,
      intervalMs: platform.config.heartbeatMs,
    });
    return stopInOrder(hb, demand, engine, staleness);
  },
};
