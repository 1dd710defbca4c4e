/**
 * Every broker the platform knows, one line each. The paper broker is here for its label and capabilities; it
 * has no login (its auth refuses) and its adapters are built by execution routing over the bus, not here.
 * Live brokers (src/brokers/fyers, …) join with one line each.
 */
import { type BrokerDefinition, BrokerError } from './contract';
import { paperCapabilities } from './paper';

const notSupported = (what: string): never => {
  throw new BrokerError('NOT_SUPPORTED', 'paper', `the paper broker has no ${what}`);
};

export const paper: BrokerDefinition<Record<string, never>> = {
  id: 'paper',
  label: 'Paper (simulated)',
  capabilities: paperCapabilities,
  config: {},
  auth: {
    authorizeUrl: () => notSupported('login'),
    exchangeCode: async () => notSupported('login'),
  },
  createAdapter: () => notSupported('session adapter (execution routing builds paper adapters)'),
};

/** Looks brokers up by id. */
export interface BrokerRegistry {
  get(id: string): BrokerDefinition | undefined;
  list(): readonly BrokerDefinition[];
}

/** A registry over the given definitions (tests pass doubles); the default is every registered broker. */
export function createBrokerRegistry(definitions: readonly BrokerDefinition[] = [paper]): BrokerRegistry {
  const byId = new Map(definitions.map((d) => [d.id as string, d]));
  return { get: (id) => byId.get(id), list: () => [...byId.values()] };
}
