/**
 * Chaos: ≥ 1,000 signal waves across 60 live accounts against a broker simulator that times out after creating
 * orders (10 %), answers 5xx (5 %) and fills late, while executor child processes are SIGKILLed at random and a
 * private Redis (no persistence) is restarted once. At the end the simulator must hold exactly one order per
 * client order id, every order must be terminal, and platform positions must equal simulator positions.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { describe, test } from 'node:test';
import { eq, inArray, notExists } from 'drizzle-orm';
import pg from 'pg';
import { startChaosBroker } from '#sim/brokers/chaos/server';
import { istDate } from '#src/domain/calendar';
import type { OrderCommand } from '#src/execution';
import { exitOrderFor } from '#src/execution/square-off';
import { seedAccounts, writeEntryWave } from '#src/execution/testing/fixtures';
import { loadMarketReference } from '#src/market';
import { createRedisBus, STREAMS } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { openStore, tables } from '#src/platform/db';
import { createTestDatabase, postgresSkip, redisSkip } from '#test/support/services';

const skip = (await postgresSkip()) || (await redisSkip());
const WAVES = Number(process.env.CHAOS_WAVES ?? 1_000);
const ACCOUNTS = 60;
const PER_WAVE = 3;
const EXECUTORS = 3;
const PARALLEL = 4;
const STRIKES = ['25900', '26000', '26100', '26200'];
const EXPIRY = '2026-12-29';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], {
    stdio: 'ignore',
  });
}

async function waitForPort(port: number) {
  for (let i = 0; i < 300; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

async function relaxCommits(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET synchronous_commit = off`);
  await c.end();
}

function spawnExecutor(env: Record<string, string>, log: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/brokers/chaos/run-executor.ts'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    log.push(d.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

/** mulberry32, for a repeatable choice of accounts, strikes, exits and kill points. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('chaos: exactly-once broker orders under crashes, timeouts and a Redis restart', { skip }, () => {
  test('0 duplicates, 0 lost, positions equal', { timeout: 300_000 }, async () => {
    const rnd = prng(20_261_126);
    const redisPort = await freePort();
    let redis = startRedis(redisPort);
    await waitForPort(redisPort);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const database = await createTestDatabase('mynrobo_chaos');
    // The test kills executors and Redis, never PostgreSQL: commit durability is not under test, and waiting for
    // each commit's WAL flush on a busy 2-core machine would make the run several minutes long.
    await relaxCommits(database.url);
    const store = await openStore({ kind: 'postgres', url: database.url });
    const db = store.db;
    const broker = await startChaosBroker({
      seed: 7,
      timeoutRate: 0.1,
      errorRate: 0.05,
      lateFillRate: 0.05,
      hangMs: 2_500,
    });
    const bus = createRedisBus({ url: redisUrl });
    const specs = loadMarketReference().specs;
    const lot = specs.lotSize('NIFTY', EXPIRY);
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      CHAOS_BROKER_URL: broker.url,
      CLOCK: 'real',
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
      EXECUTOR_CONCURRENCY: '16',
    };
    const logs: string[] = [];
    const executors: ChildProcess[] = [];
    let kills = 0;
    let progress: NodeJS.Timeout | undefined;
    try {
      const seeded = await seedAccounts(db, { n: ACCOUNTS, mode: 'live', tag: 'chaos' });
      for (let i = 0; i < EXECUTORS; i++) executors.push(spawnExecutor(env, logs));
      // Waves start once every executor is consuming (they compile and reconcile first).
      await Promise.all(
        executors.map((e) =>
          Promise.race([
            new Promise<void>((resolve) =>
              e.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
            ),
            new Promise<void>((resolve) => setTimeout(resolve, 60_000)),
          ]),
        ),
      );
      const clock = createRealClock();
      const day = istDate(clock.now());
      const send = async (commands: OrderCommand[]) => {
        // While Redis is down the append fails; the orders stay NEW and the executors' outbox sweep sends them.
        await bus.appendMany(STREAMS.orderCommands, commands).catch(() => undefined);
      };
      const started = Date.now();
      progress = setInterval(async () => {
        if (!process.env.CHAOS_DEBUG) return;
        const rows = await db.select({ s: tables.orders.status }).from(tables.orders);
        const by: Record<string, number> = {};
        for (const r of rows) by[r.s] = (by[r.s] ?? 0) + 1;
        console.log(`t=${Date.now() - started} sim=${broker.orders.length} ${JSON.stringify(by)}`);
      }, 5_000);
      const plan = (w: number) => {
        const first = Math.floor(rnd() * ACCOUNTS);
        const strike = STRIKES[Math.floor(rnd() * STRIKES.length)]!;
        return {
          waveId: `chaos-${w}`,
          instrumentId: `NFO:NIFTY:${EXPIRY}:CE:${strike}`,
          side: rnd() < 0.5 ? ('BUY' as const) : ('SELL' as const),
          // Every 10th account trades 30 lots: above the 1,800 freeze, so its orders are sliced.
          qtyUnits: (i: number) => (i % 10 === 0 ? 30 : 1 + (i % 3)) * lot,
          at: clock.now(),
          day,
          accounts: Array.from({ length: PER_WAVE }, (_, i) => (first + i * 7) % ACCOUNTS),
        };
      };
      for (let w = 0; w < WAVES; w += PARALLEL) {
        // Several waves at once, as several strategies would fan out in the same second.
        const batch = Array.from({ length: Math.min(PARALLEL, WAVES - w) }, (_, j) => plan(w + j));
        await Promise.all(batch.map(async (p) => send(await writeEntryWave(db, seeded, p))));
        if (w % 24 === 20) {
          const open = await db.select().from(tables.trades).where(eq(tables.trades.status, 'OPEN'));
          const exits: OrderCommand[] = [];
          for (const t of open.filter(() => rnd() < 0.5)) {
            const cmd = await exitOrderFor({ db, clock }, t, 'STRATEGY_EXIT');
            if (cmd) exits.push(cmd);
          }
          await send(exits);
        }
        if (w % 100 === 48) {
          const i = Math.floor(rnd() * executors.length);
          executors[i]!.kill('SIGKILL');
          kills++;
          executors[i] = spawnExecutor(env, logs);
        }
        if (w === Math.floor(WAVES / 2 / PARALLEL) * PARALLEL) {
          redis.kill('SIGKILL');
          await once(redis, 'exit');
          redis = startRedis(redisPort);
          await waitForPort(redisPort);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      const wavesMs = Date.now() - started;
      // Drain: every order terminal and no trade waiting on one.
      const working = ['NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED'];
      const until = Date.now() + 150_000;
      let left = -1;
      while (Date.now() < until) {
        const rows = await db
          .select({ id: tables.orders.id })
          .from(tables.orders)
          .where(inArray(tables.orders.status, working));
        const trades = await db
          .select({ id: tables.trades.id })
          .from(tables.trades)
          .where(inArray(tables.trades.status, ['PENDING_ENTRY', 'EXITING']));
        left = rows.length + trades.length;
        if (left === 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      // Counts.
      const all = await db.select().from(tables.orders);
      const leaves = await db
        .select()
        .from(tables.orders)
        .where(
          notExists(db.select().from(tables.orderSlices).where(eq(tables.orderSlices.parentOrderId, tables.orders.id))),
        );
      const perTag = new Map<string, number>();
      for (const o of broker.orders) perTag.set(o.tag, (perTag.get(o.tag) ?? 0) + 1);
      const duplicates = [...perTag.values()].filter((n) => n > 1).length;
      const known = new Set(all.map((o) => o.clientOrderId));
      const orphans = broker.orders.filter((o) => !known.has(o.tag)).length;
      const lost = all.filter((o) => working.includes(o.status)).length;
      const key = (a: string, i: string) => `${a}|${i}`;
      const platform = new Map<string, number>();
      for (const o of leaves)
        platform.set(
          key(o.accountId, o.instrumentId),
          (platform.get(key(o.accountId, o.instrumentId)) ?? 0) + (o.side === 'BUY' ? 1 : -1) * o.filledQtyUnits,
        );
      const sim = new Map<string, number>();
      for (const o of broker.orders)
        sim.set(
          key(o.account, o.instrumentId),
          (sim.get(key(o.account, o.instrumentId)) ?? 0) + (o.side === 'BUY' ? 1 : -1) * o.filled,
        );
      const mismatches = [...new Set([...platform.keys(), ...sim.keys()])].filter(
        (k) => (platform.get(k) ?? 0) !== (sim.get(k) ?? 0),
      ).length;
      const sliced = all.length - leaves.length;
      // Reconciliation runs throughout: a false mismatch would halt an account and show up here.
      const halts = (await db.select().from(tables.tradingHalts)).length;
      console.log(
        `chaos: waves=${WAVES} accounts=${ACCOUNTS} orders=${all.length} (sliced parents=${sliced}) ` +
          `simulator orders=${broker.orders.length} requests=${broker.faults.requests} timeouts=${broker.faults.timeouts} ` +
          `5xx=${broker.faults.errors} lateFills=${broker.faults.lateFills} executorKills=${kills} redisRestarts=1 ` +
          `| duplicates=${duplicates} orphans=${orphans} lost=${lost} positionMismatches=${mismatches} halts=${halts} ` +
          `| waves took ${wavesMs} ms, drained with ${left} left`,
      );
      assert.equal(duplicates, 0, 'a client order id reached the broker twice');
      assert.equal(orphans, 0, 'the broker holds an order the platform does not know');
      assert.equal(lost, 0, 'an order never reached a terminal state');
      assert.equal(left, 0, 'a trade still waits on an order');
      assert.equal(mismatches, 0, 'platform positions differ from the simulator');
      assert.equal(halts, 0, 'reconciliation halted an account that had no real mismatch');
      assert.ok(broker.faults.timeouts > 0 && broker.faults.errors > 0 && sliced > 0, 'the chaos did not happen');
    } catch (err) {
      console.error(logs.slice(-30).join(''));
      throw err;
    } finally {
      clearInterval(progress);
      for (const e of executors) e.kill('SIGKILL');
      await bus.close().catch(() => undefined);
      await broker.stop();
      await store.close();
      await database.drop();
      redis.kill('SIGKILL');
    }
  });
});
