/** Simulated exchange: a seeded index + option-chain market and a replay of recorded ticks, for demo, tests, bench. */
export {
  type BlackScholesInput,
  type BlackScholesResult,
  blackScholes,
  blackScholesDelta,
  blackScholesPrice,
  normalCdf,
} from './black-scholes';
export { createFuturesModel, type FuturesModel, type SimFuture } from './futures-model';
export { createIndexWalk, type IndexWalk, intradayVolMultiplier } from './index-walk';
export { expiryCloseMs } from './ist-time';
export {
  atmStrike,
  buildOptionChain,
  chainStrikes,
  DEFAULT_CHAIN_WIDTH,
  DEFAULT_RISK_FREE_RATE,
  OPTION_TICK_PAISE,
  type OptionChainInput,
  type OptionChainRow,
} from './option-chain';
export { createSeededRandom, type SeededRandom } from './prng';
export { createReplaySource, type ReplaySource, type ReplaySourceOptions } from './replay-source';
export { createSimExchange, type SimExchange, type SimExchangeOptions } from './sim-exchange';
export { DEFAULT_SMILE, type SmileShape, smileVol } from './smile';
export { parseTickCsv, TICK_CSV_HEADER, TickCsvError } from './tick-csv';
export type { SimUnderlying } from './types';
export {
  buildSimUniverse,
  FULL_CHAIN_WIDTH,
  type SimUniverse,
  type SimUniverseProfile,
  simFutureExpiry,
} from './universe';
