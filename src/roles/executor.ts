import { createCryptoFromConfig } from '#src/accounts';
import { parseInstrumentId } from '#src/domain/instrument';
import {
  createHalts,
  createLiveAdapters,
  createOrderGateway,
  createOrderTracking,
  createRateLimiter,
  createReconciler,
  createRouter,
  createTradeLedger,
  instrumentRulesFrom,
  type LiveAdapterFactory,
  type OrderTracking,
  sweepOrderOutbox,
} from '#src/execution';
import { createLtpCache } from '#src/market';
import { startHeartbeat } from '#src/ops';
import { GROUPS, STREAMS } from '#src/platform/bus';
import { type Role, stopInOrder } from './role';

/** Timers of the executor's background duties, in ms of wall time; defaults from config (EXECUTOR_*_MS). */
export interface ExecutorTimings {
  readonly trackMs: number;
  /** Polling of accounts whose broker order stream is connected (their pushes track them): a safety net. */
  readonly trackStreamedMs: number;
  /** Crash repair of settlements (a scan of ended orders): less often than tracking. */
  readonly repairMs: number;
  readonly sweepMs: number;
  /** Age after which a NEW order's command counts as lost and is re-enqueued (each order once per this age). */
  readonly sweepAgeMs: number;
  /** How long an order may sit SUBMITTED/UNKNOWN before the sweep re-enqueues it (longer than any broker call). */
  readonly inFlightMs: number;
  readonly reconcileMs: number;
  readonly reclaimIdleMs: number;
}

/**
 * Order commands in, broker (or paper) orders out; any number of executors share the stream's consumer group.
 * `live` builds broker adapters for effectively-live accounts; by default the platform's broker registry does,
 * from each account's stored session.
 */
export function createExecutorRole(opts: { live?: LiveAdapterFactory; timings?: Partial<ExecutorTimings> } = {}): Role {
  return {
    name: 'executor',
    async start(platform) {
      const t: ExecutorTimings = { ...platform.config.executor.timings, ...opts.timings };
      const { bus, clock, store, metrics, instance, market } = platform;
      const db = store.db;
      const log = platform.log.child({ role: 'executor' });
      const ltp = createLtpCache(bus);
      const quote = (id: Parameters<typeof ltp.read>[0]) => ltp.read(id);
      const crypto = createCryptoFromConfig(platform.config);
      // Adapters are built on an order's way out, so the tracking (made with the gateway, below) is there first.
      let tracking: OrderTracking | undefined;
      const orderUpdates = {
        onUpdate: (...a: Parameters<OrderTracking['onUpdate']>) => tracking?.onUpdate(...a),
        onState: (...a: Parameters<OrderTracking['onState']>) => tracking?.onState(...a),
      };
      const liveAdapters = opts.live
        ? undefined
        : await createLiveAdapters({ db, bus, clock, crypto, brokers: platform.brokers, orderUpdates, log });
      const live = opts.live ?? liveAdapters?.factory;
      const router = createRouter({ db, bus, clock, quote, ...(live ? { live } : {}) });
      const tickPaise = (id: string) => market.specs.tickSizePaise(parseInstrumentId(id).symbol);
      const ledger = createTradeLedger({ db, bus, tickPaise });
      const halts = createHalts({ db, bus, clock });
      const limiter = createRateLimiter({ bus });
      const rules = instrumentRulesFrom(market.specs);
      const gateway = createOrderGateway({
        db,
        bus,
        clock,
        log,
        metrics,
        router,
        ledger,
        halts,
        limiter,
        rules,
        quote,
        instance,
        inFlightMs: t.inFlightMs,
        entryTimeoutSec: platform.config.executor.entryTimeoutSec,
        limits: platform.config.executor.accountLimits,
        algoIds: platform.config.executor.algoIds,
      });
      tracking = createOrderTracking({ gateway, log, metrics, streamedPollMs: t.trackStreamedMs });
      const reconciler = createReconciler({ db, clock, log, router, halts, gateway });
      await reconciler.reconcileAll().catch((err) => log.warn({ err }, 'start-up reconciliation failed'));
      const consumer = await bus.consume(
        STREAMS.orderCommands,
        {
          group: GROUPS.executor,
          consumer: instance,
          concurrency: platform.config.executor.concurrency,
          reclaimIdleMs: t.reclaimIdleMs,
        },
        (entry) => gateway.handle(entry),
      );
      const every = (ms: number, name: string, job: () => Promise<unknown>) => {
        let busy = false;
        const timer = setInterval(() => {
          if (busy) return;
          busy = true;
          job()
            .catch((err) => log.warn({ err }, `${name} failed`))
            .finally(() => {
              busy = false;
            });
        }, ms);
        timer.unref();
        return { stop: async () => clearInterval(timer) };
      };
      const timers = [
        every(t.trackMs, 'tracking', async () => {
          await tracking.poll();
          await gateway.expireEntries();
        }),
        every(t.repairMs, 'settlement repair', () => gateway.repair()),
        every(t.sweepMs, 'outbox sweep', () => sweepOrderOutbox({ db, bus, clock }, t.sweepAgeMs, t.inFlightMs)),
        every(t.reconcileMs, 'reconciliation', () => reconciler.reconcileAll()),
      ];
      const hb = startHeartbeat({ bus, role: 'executor', instance, intervalMs: platform.config.heartbeatMs });
      const adapters = {
        stop: async () => {
          await liveAdapters?.close();
          await tracking.drain();
        },
      };
      return stopInOrder(hb, ...timers, consumer, adapters);
    },
  };
}

export const executor: Role = createExecutorRole();
