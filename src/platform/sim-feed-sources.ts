import { buildSimUniverse, createReplaySource, createSimExchange, type SimUniverseProfile } from '#sim/exchange';
import type { Tick } from '#src/domain/market/tick';
import type { FeedSource, MarketReference } from '#src/market';
import type { Clock } from './clock';
import type { Config } from './config';

/**
 * The simulated market as a feed source: the NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY and SENSEX chains (nearest
 * expiry) and the MCX CRUDEOIL, NATURALGAS, GOLDM and SILVERM near-month futures; seeded, each segment ticking only
 * while its calendar session is open. `profile` 'full' quotes ±100 strikes per chain (≈ 2,000 instruments).
 */
export function createSimFeedSource(deps: {
  config: Config;
  clock: Clock;
  market: MarketReference;
  profile?: SimUniverseProfile;
}): FeedSource {
  const { calendar, specs } = deps.market;
  let exchange: ReturnType<typeof createSimExchange> | undefined;
  return {
    name: 'sim',
    async start(onTicks) {
      const all = buildSimUniverse({ calendar, specs, profile: deps.profile ?? deps.config.sim.profile });
      const only = deps.config.sim.underlyings;
      const keep = (symbol: string) => only === undefined || only.includes(symbol);
      const universe = {
        underlyings: all.underlyings.filter((u) => keep(u.symbol)),
        futures: all.futures.filter((f) => keep(f.symbol)),
      };
      exchange = createSimExchange({
        clock: deps.clock,
        seed: deps.config.sim.seed,
        tickIntervalMs: deps.config.sim.tickIntervalMs,
        isOpen: (t, segment) => calendar.isOpen(segment, t),
        underlyings: universe.underlyings,
        futures: universe.futures,
        onTicks,
      });
      exchange.start();
    },
    async stop() {
      exchange?.stop();
    },
  };
}

/**
 * A recorded tick (or candle-close) file played back as a feed source, at `speed` recorded ms per clock ms;
 * `retime` stamps ticks with the clock's time so a recording can drive a live-looking demo.
 */
export function createReplayFeedSource(deps: {
  clock: Clock;
  ticks: readonly Tick[];
  speed?: number;
  retime?: boolean;
}): FeedSource {
  let replay: ReturnType<typeof createReplaySource> | undefined;
  return {
    name: 'replay',
    async start(onTicks) {
      replay = createReplaySource({ ...deps, onTicks });
      replay.start();
    },
    async stop() {
      replay?.stop();
    },
  };
}
