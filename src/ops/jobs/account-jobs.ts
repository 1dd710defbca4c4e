import { createSubscriptions, sweepExpiredTokens } from '#src/accounts';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';

/** A repeating job; `stop` waits for a run in progress. */
export interface Job {
  stop(): Promise<void>;
}

/** Runs `run` every `intervalMs`, never two at once; failures are logged and the next run retries. */
export function every(name: string, intervalMs: number, log: Logger, run: () => Promise<void>): Job {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = run()
      .catch((err: unknown) => log.warn({ err, job: name }, 'job failed'))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * The accounts jobs: the token-expiry sweep (expired broker sessions → paper with TOKEN_EXPIRED, on the bus
 * within one interval) and the subscription-expiry sweep (→ paper with SUBSCRIPTION_INACTIVE). Both idempotent,
 * so a missed run is caught up by the next.
 */
export function startAccountJobs(deps: {
  db: Db;
  bus: Bus;
  clock: Clock;
  log: Logger;
  tokenSweepMs: number;
  subscriptionSweepMs: number;
}): Job {
  const subscriptions = createSubscriptions(deps);
  const tokens = every('token-expiry', deps.tokenSweepMs, deps.log, async () => {
    const changed = await sweepExpiredTokens(deps, deps.clock.now());
    if (changed.length > 0) deps.log.info({ accounts: changed.map((c) => c.accountId) }, 'broker sessions expired');
  });
  const subs = every('subscription-expiry', deps.subscriptionSweepMs, deps.log, async () => {
    const n = await subscriptions.expireDue();
    if (n > 0) deps.log.info({ subscriptions: n }, 'subscriptions expired');
  });
  return {
    async stop() {
      await tokens.stop();
      await subs.stop();
    },
  };
}
