/** Strategy SDK: what strategy code may see (StrategyContext) and what it produces (Intent). */
export type { Intent, LegSelector, Strategy, StrategyContext, StrategyInstance } from './strategy';
