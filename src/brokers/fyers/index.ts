/** Fyers API v3: login, orders, order updates, symbol master and the HSM market feed behind the broker contract. */

import type { Logger } from 'pino';
import type { AdapterDeps, BrokerAdapter, BrokerDefinition, FeedDeps, MarketFeed } from '#src/brokers/contract';
import { createFyersAdapter as createAdapter } from './adapter';
import { createFyersAuth } from './auth';
import { fyersCapabilities } from './capabilities';
import { type FyersConfig, parseFyersConfig } from './config';
import { createFyersFeed } from './feed';
import { fetchFyersInstruments } from './instruments';
import { createPacer, type Pacer } from './pacer';

export { appIdHash, nextIstTime, readTokenClaims, tokenExpiresAt } from './auth';
export { fyersCapabilities } from './capabilities';
export { type FyersConfig, fyersConfigSchema, parseFyersConfig } from './config';
export { createFyersSymbolResolver, type FyersMasterFile, parseMasterCsv, parseMasterLine } from './instruments';

/** Builds the Fyers broker definition for a configuration (hosts default to the real Fyers hosts). */
export function createFyersDefinition(
  config: FyersConfig = parseFyersConfig(),
  log?: Logger,
): BrokerDefinition<FyersConfig> {
  // Fyers' limits are per app (reference §1.8): every account of one app in this process shares one pacer.
  const pacers = new Map<string, Pacer>();
  const pacerFor = (deps: AdapterDeps): Pacer => {
    const existing = pacers.get(deps.credentials.appId);
    if (existing) return existing;
    const made = createPacer({ clock: deps.clock, perSecond: config.pacePerSecond, perMinute: config.pacePerMinute });
    pacers.set(deps.credentials.appId, made);
    return made;
  };
  return {
    id: 'fyers',
    label: 'Fyers',
    capabilities: fyersCapabilities,
    config,
    auth: createFyersAuth({ config, ...(log ? { log } : {}) }),
    createAdapter: (deps: AdapterDeps): BrokerAdapter => createAdapter({ config, deps, pacer: pacerFor(deps) }),
    createFeed: (deps: FeedDeps): MarketFeed => createFyersFeed({ config, deps }),
    fetchInstruments: () =>
      fetchFyersInstruments({
        baseUrl: config.symbolMasterBaseUrl,
        files: config.masterFiles,
        timeoutMs: config.requestTimeoutMs,
      }),
  };
}

/** Fyers against its real hosts: the registry's one line. */
export const fyers: BrokerDefinition<FyersConfig> = createFyersDefinition();

/** Creates a Fyers adapter for one account session, with a given (or default) configuration. */
export function createFyersAdapter(deps: AdapterDeps, config: FyersConfig = parseFyersConfig()): BrokerAdapter {
  return createAdapter({ config, deps });
}
