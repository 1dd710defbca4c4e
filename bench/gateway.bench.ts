/**
 * Order-gateway benchmark (not a test). Measures, on the memory bus and on Redis:
 *   1. one signal wave to 1,000 live accounts: time to enqueue all commands, and time until every order is
 *      acknowledged by a simulated broker with 50 ms latency, under the per-account rate limits;
 *   2. end-to-end commands/s of the bus's command stream (append → consume → ack, no-op handler);
 *   3. BullMQ doing the same enqueue/consume on the same Redis, as the baseline.
 * Run: node --import tsx bench/gateway.bench.ts   (needs PostgreSQL and Redis; see bench/README.md)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Queue, Worker } from 'bullmq';
import { count, ne } from 'drizzle-orm';
import pg from 'pg';
import { istDate } from '#src/domain/calendar';
import {
  createHalts,
  createOrderGateway,
  createRateLimiter,
  createRouter,
  createTradeLedger,
  instrumentRulesFrom,
} from '#src/execution';
import { seedAccounts, writeEntryWave } from '#src/execution/testing/fixtures';
import { createMemoryBroker } from '#src/execution/testing/memory-broker';
import { loadMarketReference } from '#src/market';
import { type Bus, createMemoryBus, createRedisBus, GROUPS, STREAMS } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { openStore, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import { createTestDatabase, dropRedisKeys, REDIS_URL, uniqueName } from '#test/support/services';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000);
const BUS_N = Number(process.env.BENCH_BUS_N ?? 50_000);
const LATENCY_MS = 50;
/** Handlers one executor runs at once: the executor's default (EXECUTOR_CONCURRENCY). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1_024);
/** PostgreSQL connections of the executor's store (the platform's default is 10). */
const POOL_SIZE = Number(process.env.BENCH_POOL ?? 10);
/** Handlers of the bus-throughput consumer and of the BullMQ worker (the same for both). */
const BUS_CONCURRENCY = 256;
/** Set to a file name prefix to write a CPU profile of each wave (from the enqueue to the last ack). */
const PROFILE = process.env.BENCH_PROFILE;
const INSTRUMENT = 'NFO:NIFTY:2026-12-29:CE:26000';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const until = async (cond: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
};
/** Starts a CPU profile when BENCH_PROFILE is set; the returned function stops it and writes `<prefix>-<name>`. */
async function startProfile(name: string): Promise<() => Promise<void>> {
  if (!PROFILE) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${PROFILE}-${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}
/** CPU the local Redis server has used so far (ms), from INFO cpu; it serves our bus and BullMQ alike. */
async function redisCpuMs(): Promise<number> {
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL);
  const info = await r.info('cpu');
  await r.quit();
  const get = (k: string) => Number(new RegExp(`${k}:([0-9.]+)`).exec(info)?.[1] ?? Number.NaN);
  return (get('used_cpu_user') + get('used_cpu_sys')) * 1_000;
}
/**
 * CPU used from now until the returned function is called: this process's, and the Redis server's when asked
 * (the server is shared with anything else running, so it is an upper bound on a busy machine).
 */
async function cpuMeter(withRedis: boolean): Promise<() => Promise<{ cpuMs: number; redisCpuMs?: number }>> {
  const redis0 = withRedis ? await redisCpuMs() : 0;
  const cpu0 = process.cpuUsage();
  return async () => {
    const c = process.cpuUsage(cpu0);
    const cpuMs = Math.round((c.user + c.system) / 1_000);
    return withRedis ? { cpuMs, redisCpuMs: Math.round((await redisCpuMs()) - redis0) } : { cpuMs };
  };
}
const newBus = (kind: 'memory' | 'redis'): Bus =>
  kind === 'memory' ? createMemoryBus() : createRedisBus({ url: REDIS_URL, namespace: uniqueName('bench') });

async function waveBench(kind: 'memory' | 'redis') {
  const database = await createTestDatabase('mynrobo_bench');
  if (process.env.BENCH_SYNC_COMMIT === 'off') {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    await c.query(`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" SET synchronous_commit = off`);
    await c.end();
  }
  const store = await openStore({ kind: 'postgres', url: database.url, poolSize: POOL_SIZE });
  const db = store.db;
  const bus = newBus(kind);
  const clock = createRealClock();
  const specs = loadMarketReference().specs;
  const broker = createMemoryBroker({ latencyMs: LATENCY_MS });
  const acks: number[] = [];
  const router = createRouter({
    db,
    bus,
    clock,
    quote: async () => undefined,
    live: async (acc) => {
      const a = broker.adapter(acc.id);
      return {
        ...a,
        createOrder: async (req) => {
          const ack = await a.createOrder(req);
          acks.push(Date.now());
          return ack;
        },
      };
    },
  });
  const seeded = await seedAccounts(db, { n: ACCOUNTS, mode: 'live', tag: kind });
  const gateway = createOrderGateway({
    db,
    bus,
    clock,
    log: createLogger({ level: 'error' }),
    metrics: createMetrics(),
    router,
    ledger: createTradeLedger({ db, bus, tickPaise: () => 5 }),
    halts: createHalts({ db, bus, clock }),
    limiter: createRateLimiter({ bus }),
    rules: instrumentRulesFrom(specs),
    quote: async () => undefined,
    instance: 'bench',
  });
  const consumer = await bus.consume(
    STREAMS.orderCommands,
    // As the executor role consumes: its concurrency, the default read batch and block.
    { group: GROUPS.executor, consumer: 'bench', concurrency: CONCURRENCY },
    (e) => gateway.handle(e),
  );
  const fanOutStart = Date.now();
  const lot = specs.lotSize('NIFTY', '2026-12-29');
  const commands = await writeEntryWave(db, seeded, {
    waveId: `bench-${kind}`,
    instrumentId: INSTRUMENT,
    side: 'BUY',
    qtyUnits: () => lot,
    at: clock.now(),
    day: istDate(clock.now()),
  });
  const fanOutMs = Date.now() - fanOutStart;
  const stopProfile = await startProfile(`wave-${kind}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const w0 = Date.now();
  await bus.appendMany(STREAMS.orderCommands, commands);
  const enqueueMs = performance.now() - t0;
  await until(() => acks.length >= ACCOUNTS, 120_000);
  const cpu = process.cpuUsage(cpu0);
  await stopProfile();
  const lat = acks.map((t) => t - w0);
  // After the ack (not part of the goal): every order filled and its trade's entry recorded.
  await until(async () => {
    await new Promise((r) => setTimeout(r, 20));
    const [orders] = await db.select({ n: count() }).from(tables.orders).where(ne(tables.orders.status, 'FILLED'));
    const [trades] = await db.select({ n: count() }).from(tables.trades).where(ne(tables.trades.status, 'OPEN'));
    return orders?.n === 0 && trades?.n === 0;
  }, 120_000);
  const settledMs = Date.now() - w0;
  const result = {
    bus: kind,
    accounts: ACCOUNTS,
    fanOutWriteMs: fanOutMs,
    enqueueMs: Number(enqueueMs.toFixed(2)),
    ackP50Ms: pct(lat, 50),
    ackP99Ms: pct(lat, 99),
    allAckedMs: Math.max(...lat),
    /** From the enqueue until every order is FILLED and every trade OPEN at its entry fill (polled every 20 ms). */
    settledMs,
    /** CPU time this process used from the enqueue to the last ack (the database server's is not included). */
    cpuMs: Math.round((cpu.user + cpu.system) / 1_000),
    duplicates: broker.requests.length - new Set(broker.requests.map((r) => r.clientOrderId)).size,
  };
  await consumer.stop();
  await bus.close();
  await store.close();
  await database.drop();
  return result;
}

async function busThroughput(kind: 'memory' | 'redis') {
  const bus = newBus(kind);
  let done = 0;
  const consumer = await bus.consume(
    'bench.commands',
    { group: 'bench', consumer: 'c1', concurrency: BUS_CONCURRENCY, batch: 1_000, blockMs: 5 },
    async () => {
      done++;
    },
  );
  const msg = {
    v: 1,
    kind: 'PLACE',
    orderId: '00000000-0000-0000-0000-000000000000',
    clientOrderId: 'X',
    enqueuedAt: 0,
  };
  const stopProfile = await startProfile(`bus-${kind}`);
  const cpu = await cpuMeter(kind === 'redis');
  const t0 = performance.now();
  for (let i = 0; i < BUS_N; i += 1_000)
    await bus.appendMany('bench.commands', Array(Math.min(1_000, BUS_N - i)).fill(msg));
  const enqueued = performance.now() - t0;
  await until(() => done >= BUS_N, 300_000);
  const total = performance.now() - t0;
  const used = await cpu();
  await stopProfile();
  await consumer.stop();
  await bus.close();
  return {
    system: `our bus (${kind})`,
    n: BUS_N,
    enqueueMs: Math.round(enqueued),
    totalMs: Math.round(total),
    perSec: Math.round(BUS_N / (total / 1_000)),
    ...used,
    perCpuSec: Math.round(BUS_N / ((used.cpuMs + (used.redisCpuMs ?? 0)) / 1_000)),
  };
}

async function bullmqThroughput() {
  const url = new URL(REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379) };
  const prefix = uniqueName('bull');
  const queue = new Queue('bench', { connection, prefix });
  let done = 0;
  const worker = new Worker('bench', async () => undefined, {
    connection,
    prefix,
    concurrency: BUS_CONCURRENCY,
    autorun: false,
  });
  worker.on('completed', () => {
    done++;
  });
  const msg = {
    v: 1,
    kind: 'PLACE',
    orderId: '00000000-0000-0000-0000-000000000000',
    clientOrderId: 'X',
    enqueuedAt: 0,
  };
  const stopProfile = await startProfile('bus-bullmq');
  const cpu = await cpuMeter(true);
  const t0 = performance.now();
  void worker.run();
  for (let i = 0; i < BUS_N; i += 1_000)
    await queue.addBulk(
      Array.from({ length: Math.min(1_000, BUS_N - i) }, () => ({
        name: 'cmd',
        data: msg,
        opts: { removeOnComplete: true, removeOnFail: true },
      })),
    );
  const enqueued = performance.now() - t0;
  await until(() => done >= BUS_N, 600_000);
  const total = performance.now() - t0;
  const used = await cpu();
  await stopProfile();
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return {
    system: 'BullMQ 6 (redis)',
    n: BUS_N,
    enqueueMs: Math.round(enqueued),
    totalMs: Math.round(total),
    perSec: Math.round(BUS_N / (total / 1_000)),
    ...used,
    perCpuSec: Math.round(BUS_N / ((used.cpuMs + (used.redisCpuMs ?? 0)) / 1_000)),
  };
}

const kinds = (process.env.BENCH_BUS ?? 'memory,redis').split(',') as ('memory' | 'redis')[];
/** wave, bus, bullmq (throughput = bus,bullmq). */
const parts = (process.env.BENCH_PARTS ?? 'wave,throughput').split(',');
const waves = [];
if (parts.includes('wave')) for (const k of kinds) waves.push(await waveBench(k));
console.table(waves);
const throughput = [];
if (parts.includes('throughput') || parts.includes('bus'))
  for (const k of kinds) throughput.push(await busThroughput(k));
if ((parts.includes('throughput') || parts.includes('bullmq')) && kinds.includes('redis'))
  throughput.push(await bullmqThroughput());
console.table(throughput);
console.log(JSON.stringify({ at: new Date().toISOString(), waves, throughput }));
if (kinds.includes('redis')) await dropRedisKeys(`bench_${process.pid}_`);
process.exit(0);
