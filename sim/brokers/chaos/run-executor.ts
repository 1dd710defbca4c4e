/**
 * Starts ONLY the executor role, with the chaos simulator wired as every live account's broker. The chaos test
 * spawns several of these and SIGKILLs them at random. Env: DATABASE_URL, REDIS_URL, CHAOS_BROKER_URL.
 */
import { loadConfig } from '#src/platform/config';
import { createPlatform } from '#src/platform/create-platform';
import { createExecutorRole } from '#src/roles/executor';
import { createChaosAdapter } from './adapter';

const baseUrl = process.env.CHAOS_BROKER_URL;
if (!baseUrl) throw new Error('CHAOS_BROKER_URL is required');
const config = loadConfig(process.env, 'executor');
const platform = await createPlatform(config);
const adapters = new Map<string, ReturnType<typeof createChaosAdapter>>();
const role = createExecutorRole({
  live: async (account) => {
    let a = adapters.get(account.id);
    if (!a) {
      a = createChaosAdapter({
        baseUrl,
        accountId: account.id,
        timeoutMs: Number(process.env.CHAOS_TIMEOUT_MS ?? 1_000),
      });
      adapters.set(account.id, a);
    }
    return a;
  },
  timings: {
    trackMs: 1_000,
    repairMs: 5_000,
    sweepMs: 2_000,
    sweepAgeMs: 15_000,
    inFlightMs: 12_000,
    reconcileMs: 15_000,
    reclaimIdleMs: 10_000,
  },
});
const running = await role.start(platform);
process.stdout.write(`executor ${platform.instance} ready\n`);
const stop = async () => {
  await running.stop().catch(() => undefined);
  await platform.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
// The test holds our stdin open: when it dies (even by SIGKILL) stdin ends and we go too, leaving no orphans.
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.once('SIGINT', () => void stop());
