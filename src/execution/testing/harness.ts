import { eq, inArray } from 'drizzle-orm';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import type { AccountLimits } from '#src/domain/risk';
import { type Bus, createMemoryBus, GROUPS, STREAMS } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { openStore, type Store, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import type { AlgoIdPolicy } from '../algo-ids';
import { createOrderGateway, type OrderGateway } from '../gateway';
import { createHalts, type Halts } from '../halts';
import type { InstrumentRules } from '../instrument-rules';
import type { OrderCommand } from '../messages';
import { createRateLimiter } from '../rate-limiter';
import { createReconciler } from '../reconciler';
import { createRouter } from '../routing';
import { createTradeLedger } from '../trade-ledger';
import { type Seeded, seedAccounts } from './fixtures';
import { createMemoryBroker, type MemoryBrokerOptions } from './memory-broker';

/** 2026-11-26 09:30 IST: a Thursday on which NFO trades. */
export const HARNESS_START = Date.UTC(2026, 10, 26, 4, 0);
export const NIFTY_CE = 'NFO:NIFTY:2026-12-01:CE:26000' as InstrumentId;
/** Fixed contract rules for gateway tests: NIFTY lot 65, freeze 1800 units, tick 5 paise. */
export const TEST_RULES: InstrumentRules = {
  lotSize: () => 65,
  freezeQty: () => 1800,
  tickPaise: () => 5,
  segment: () => 'NFO',
};

/** A gateway on an in-memory store and bus, with a memory broker as every live account's broker. */
export async function createGatewayHarness(opts: {
  accounts: number;
  mode: 'live' | 'paper';
  broker?: MemoryBrokerOptions;
  limits?: AccountLimits;
  quote?: Tick;
  algoIds?: AlgoIdPolicy;
}) {
  const store: Store = await openStore({ kind: 'pglite', dataDir: undefined });
  const db = store.db;
  const bus: Bus = createMemoryBus();
  const clock = createVirtualClock(HARNESS_START);
  const log = createLogger({ level: 'silent' });
  // The memory broker stamps placement times from the same (virtual) clock the gateway reads.
  const broker = createMemoryBroker({ now: () => clock.now(), ...opts.broker });
  const quote = async () =>
    opts.quote ?? ({ ltp: 100_00 as Paise, bid: 99_95 as Paise, ask: 100_05 as Paise } as unknown as Tick);
  const router = createRouter({ db, bus, clock, quote, live: async (acc) => broker.adapter(acc.id) });
  const ledger = createTradeLedger({ db, bus, tickPaise: () => 5 });
  const halts: Halts = createHalts({ db, bus, clock });
  const limiter = createRateLimiter({ bus });
  const seeded: Seeded = await seedAccounts(db, { n: opts.accounts, mode: opts.mode, tag: 'h' });
  const gateway: OrderGateway = createOrderGateway({
    db,
    bus,
    clock,
    log,
    metrics: createMetrics(),
    router,
    ledger,
    halts,
    limiter,
    rules: TEST_RULES,
    quote,
    instance: 'test-exec',
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.algoIds ? { algoIds: opts.algoIds } : {}),
  });
  const consumer = await bus.consume(
    STREAMS.orderCommands,
    { group: GROUPS.executor, consumer: 'test-exec', blockMs: 20, reclaimIdleMs: 200 },
    (e) => gateway.handle(e),
  );
  const terminal = ['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED'];
  return {
    db,
    bus,
    clock,
    broker,
    halts,
    gateway,
    /** Compares the harness's books with the memory broker's, as the executor's reconciler does. */
    reconciler: createReconciler({ db, clock, log, router, halts, gateway }),
    seeded,
    enqueue: (commands: OrderCommand[]) => bus.appendMany(STREAMS.orderCommands, commands),
    /** Waits until the stream is drained and the given orders (and their slices) are terminal or resting. */
    async settle(timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        const busy = await db
          .select({ id: tables.orders.id })
          .from(tables.orders)
          .where(inArray(tables.orders.status, ['NEW', 'SUBMITTED', 'UNKNOWN']));
        if (busy.length === 0 && (await bus.pendingCount(STREAMS.orderCommands, GROUPS.executor)) === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('gateway harness did not settle');
    },
    trade: async (id: string) => (await db.select().from(tables.trades).where(eq(tables.trades.id, id)))[0],
    orders: () => db.select().from(tables.orders),
    terminal,
    async close() {
      await consumer.stop();
      await bus.close();
      await store.close();
    },
  };
}
