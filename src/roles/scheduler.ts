import { sweepOrderOutbox } from '#src/execution';
import { startHeartbeat } from '#src/ops';
import { startAccountJobs, startMarketJobs } from '#src/ops/jobs';
import { type Role, stopInOrder } from './role';

/** Trading-day jobs: order outbox sweep, broker token and subscription expiry, instrument master and holiday checks. */
export const scheduler: Role = {
  name: 'scheduler',
  async start(platform) {
    const log = platform.log.child({ role: 'scheduler' });
    const deps = { db: platform.store.db, bus: platform.bus, clock: platform.clock };
    const outbox = setInterval(() => {
      sweepOrderOutbox(deps, 10_000)
        .then((n) => n > 0 && log.warn({ orders: n }, 're-enqueued orders left NEW'))
        .catch((err) => log.warn({ err }, 'outbox sweep failed'));
    }, 5_000);
    outbox.unref();
    const accountJobs = startAccountJobs({
      ...deps,
      log,
      tokenSweepMs: platform.config.accounts.tokenSweepMs,
      subscriptionSweepMs: platform.config.accounts.subscriptionSweepMs,
    });
    const marketJobs = await startMarketJobs({
      ...deps,
      log,
      specs: platform.market.specs,
      calendar: platform.market.calendar,
      brokers: platform.brokers.list(),
      brokerMasterSyncAtIst: platform.config.brokers.masterSyncAtIst,
    });
    const hb = startHeartbeat({
      bus: platform.bus,
      role: 'scheduler',
      instance: platform.instance,
      intervalMs: platform.config.heartbeatMs,
    });
    return stopInOrder(hb, accountJobs, marketJobs, { stop: async () => clearInterval(outbox) });
  },
};
