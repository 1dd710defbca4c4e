/** Strategies: the SDK, the engine and the built-in strategies. */
export * from './engine';
export { findStrategy, STRATEGIES } from './registry';
export type { Intent, LegSelector, Strategy, StrategyContext, StrategyInstance } from './sdk';
