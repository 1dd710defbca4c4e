/** Strategy engine: master settings → intents → signal waves → order commands; per-trade exits and square-off. */

export { type DemandPublisher, type DemandPublisherDeps, startDemandPublisher } from './demand';
export { createStrategyEngine, type EngineNeeds, type StrategyEngine, type StrategyEngineDeps } from './engine';
export { type ExitReason, exitTrade } from './exits';
export { createWaveFanOut, type WaveFanOut } from './fan-out';
export { createLegResolver, LegResolutionError, type LegResolver } from './leg-resolver';
