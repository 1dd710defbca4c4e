import { createCryptoFromConfig } from '#src/accounts';
import { seedDemo } from '#src/ops';
import { type Config, loadConfig } from '#src/platform/config';
import { createPlatform, type Platform, type PlatformOverrides } from '#src/platform/create-platform';
import { ROLES, START_ORDER } from './all';
import type { RoleName, Stoppable } from './role';

/** A running platform: its roles on one Platform, the API's URL, and an orderly stop. */
export interface RunningPlatform {
  readonly platform: Platform;
  readonly url: string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts roles on one Platform (all of them by default: the embedded single process). Used by the CLI and by
 * tests, so both run the same composition. Stops in reverse start order: the API first, executors drain last.
 */
export async function startPlatform(opts: {
  env?: Record<string, string | undefined>;
  config?: Config;
  roles?: readonly RoleName[];
  overrides?: PlatformOverrides;
}): Promise<RunningPlatform> {
  const roles = opts.roles ?? START_ORDER;
  // In-process callers (tests) may run any subset embedded; the CLI's single-role mode demands real backends.
  const config = opts.config ?? loadConfig(opts.env ?? {}, 'all');
  const platform = await createPlatform(config, opts.overrides);
  // The demo's Fyers trader needs the embedded simulator's app credentials, sealed with this platform's key.
  const fyers = platform.fyersSim && {
    credentials: platform.fyersSim.credentials,
    crypto: createCryptoFromConfig(config),
  };
  if (config.demo.seed) await seedDemo({ db: platform.store.db, clock: platform.clock, fyers });
  const started: Stoppable[] = [];
  try {
    for (const name of START_ORDER.filter((r) => roles.includes(r))) started.push(await ROLES[name].start(platform));
  } catch (err) {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    await platform.close();
    throw err;
  }
  const url = started.find((s) => s.url)?.url;
  return {
    platform,
    url,
    async stop() {
      for (const s of [...started].reverse()) await s.stop().catch((err) => platform.log.error({ err }, 'stop failed'));
      await platform.close();
    },
  };
}
