/**
 * Every broker the platform knows, one line each. The paper broker is here for its label and capabilities; it
 * has no login (its auth refuses) and its adapters are built by execution routing over the bus, not here.
 * Live brokers (src/brokers/fyers, …) join with one line each.
 */

/** The Fyers hosts a configuration names (the real ones by default); `hosts` overrides them (the simulator). */
export type FyersHosts = Pick<
  Config['brokers']['fyers'],
  'apiBaseUrl' | 'orderSocketUrl' | 'dataSocketUrl' | 'symbolMasterBaseUrl'
>;

import type { Logger } from 'pino';
import type { Config } from '#src/platform/config';
import { type BrokerDefinition, BrokerError } from './contract';
import { createFyersDefinition, fyers, parseFyersConfig } from './fyers';
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
export function createBrokerRegistry(definitions: readonly BrokerDefinition[] = [paper, fyers]): BrokerRegistry {
  const byId = new Map(definitions.map((d) => [d.id as string, d]));
  return { get: (id) => byId.get(id), list: () => [...byId.values()] };
}

/** Every broker, configured from the environment; `fyersHosts` points Fyers elsewhere (the embedded simulator). */
export function brokersFromConfig(
  config: Config,
  opts: { fyersHosts?: FyersHosts; log?: Logger } = {},
): BrokerRegistry {
  const { simulate: _simulate, ...configured } = config.brokers.fyers;
  const fyersConfig = parseFyersConfig({ ...configured, ...opts.fyersHosts });
  return createBrokerRegistry([paper, createFyersDefinition(fyersConfig, opts.log)]);
}
