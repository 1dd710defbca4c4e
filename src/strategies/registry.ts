import { mynOpt } from './myn-opt';
import type { Strategy } from './sdk';

/** Every built-in strategy, by id. One line per strategy. */
export const STRATEGIES: Readonly<Record<string, Strategy<never>>> = {
  [mynOpt.id]: mynOpt as Strategy<never>,
};

export function findStrategy(id: string): Strategy<unknown> | undefined {
  return STRATEGIES[id] as Strategy<unknown> | undefined;
}
