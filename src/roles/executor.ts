import { parseInstrumentId } from '#src/domain/instrument';
import { createOrderGateway, createRouter, createTradeLedger } from '#src/execution';
import { createLtpCache } from '#src/market';
import { startHeartbeat } from '#src/ops';
import { GROUPS, STREAMS } from '#src/platform/bus';
import { type Role, stopInOrder } from './role';

/** Order commands in, broker (or paper) orders out; any number of executors share the stream's consumer group. */
export const executor: Role = {
  name: 'executor',
  async start(platform) {
    const { bus, clock, store, metrics, instance, market } = platform;
    const log = platform.log.child({ role: 'executor' });
    const ltp = createLtpCache(bus);
    const router = createRouter({ db: store.db, bus, clock, quote: (id) => ltp.read(id) });
    const tickPaise = (id: string) => market.specs.tickSizePaise(parseInstrumentId(id).symbol);
    const ledger = createTradeLedger({ db: store.db, bus, tickPaise });
    const gateway = createOrderGateway({ db: store.db, bus, clock, log, metrics, router, ledger, instance });
    const consumer = await bus.consume(
      STREAMS.orderCommands,
      {
        group: GROUPS.executor,
        consumer: instance,
        concurrency: platform.config.executor.concurrency,
        reclaimIdleMs: 30_000,
      },
      (entry) => gateway.handle(entry),
    );
    const tracking = setInterval(
      () => void gateway.trackWorkingOrders().catch((err) => log.warn({ err }, 'tracking failed')),
      1_000,
    );
    tracking.unref();
    const hb = startHeartbeat({ bus, role: 'executor', instance, intervalMs: platform.config.heartbeatMs });
    return stopInOrder(hb, { stop: async () => clearInterval(tracking) }, consumer);
  },
};
