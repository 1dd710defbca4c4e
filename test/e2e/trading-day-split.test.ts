import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { istInstant } from '#src/domain/calendar';
import { readHeartbeats, seedDemo } from '#src/ops';
import { createRedisBus } from '#src/platform/bus';
import { createScaledClock } from '#src/platform/clock';
import { openStore, type Store } from '#src/platform/db';
import { type RoleProcess, spawnRole, stopRole } from '#test/support/child-roles';
import {
  createTestDatabase,
  dropRedisKeys,
  postgresSkip,
  REDIS_URL,
  redisSkip,
  uniqueName,
} from '#test/support/services';
import { assertTradingDay, dayIsSettled, TEST_DAY } from '#test/support/trading-day';

const skip = (await postgresSkip()) || (await redisSkip());

/** 500× real time: 08:30 → 15:20 IST takes about 50 wall seconds. */
const SPEED = 500;
/** The shared timeline reaches 08:30 STARTUP_MS after the roles are spawned; the open is 5.4 s later. */
const ORIGIN = istInstant(TEST_DAY, '08:30');
const STARTUP_MS = 25_000;

describe('a full simulated trading day, split (PostgreSQL + Redis, each role its own process)', { skip }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let anchor = 0;
  const namespace = uniqueName('split');
  const roles: RoleProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    store = await openStore({ kind: 'postgres', url: database.url });
    anchor = Date.now() + STARTUP_MS; // every process shares this timeline
    const clock = createScaledClock({ origin: ORIGIN, anchor, speed: SPEED });
    await seedDemo({ db: store.db, clock });
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_NAMESPACE: namespace,
      CLOCK: 'accelerated',
      CLOCK_START: new Date(ORIGIN).toISOString(),
      CLOCK_ANCHOR: String(anchor),
      CLOCK_SPEED: String(SPEED),
      SIM_SEED: '7',
      SIM_TICK_MS: '2000',
      SIM_UNDERLYINGS: 'NIFTY',
      SEED_DEMO: 'false',
      HEARTBEAT_MS: '500',
      MASTER_KEY: randomBytes(32).toString('base64'),
    };
    for (const role of ['executor', 'scheduler', 'strategy', 'feed']) roles.push(spawnRole(role, env));
  });

  after(async () => {
    for (const r of roles) await stopRole(r);
    await store?.close();
    await database?.drop();
    await dropRedisKeys(`${namespace}:`);
  });

  test('runs the same day with the same outcome, and every role shuts down gracefully on SIGTERM', async () => {
    // Every role must be up (heartbeating) before the market opens, or the day would not be the same day.
    const bus = createRedisBus({ url: REDIS_URL, namespace });
    const marketOpenWall = anchor + (istInstant(TEST_DAY, '09:15') - ORIGIN) / SPEED;
    while (new Set((await readHeartbeats(bus)).map((h) => h.role)).size < roles.length) {
      assert.ok(Date.now() < marketOpenWall, 'every role heartbeats before the market opens (roles too slow to start)');
      for (const r of roles) assert.equal(r.child.exitCode, null, `${r.role} exited early:\n${r.output()}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    await bus.close();
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline && !(await dayIsSettled(store.db))) {
      for (const r of roles) assert.equal(r.child.exitCode, null, `${r.role} exited early:\n${r.output()}`);
      await new Promise((res) => setTimeout(res, 500));
    }
    const result = await assertTradingDay(store.db).catch((err: unknown) => {
      for (const r of roles) console.error(`--- ${r.role} output ---\n${r.output().slice(-4000)}`);
      throw err;
    });
    console.log(`split day: ${result.orders} orders, P&L by trader (paise): ${JSON.stringify(result.pnlByUser)}`);
    for (const r of roles.splice(0))
      assert.equal(await stopRole(r), 0, `${r.role} exits 0 on SIGTERM:\n${r.output().slice(-2000)}`);
  });
});
