import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { openStore, tables } from '#src/platform/db';
import { createSubscriptions } from './subscriptions';

const DAY = 86_400_000;

test('the expiry job takes a lapsed subscriber to paper with SUBSCRIPTION_INACTIVE after the grace days, once', async () => {
  const store = await openStore({ kind: 'pglite', dataDir: undefined });
  try {
    const { db } = store;
    const bus = createMemoryBus();
    const clock = createVirtualClock(1_800_000_000_000);
    const subs = createSubscriptions({ db, bus, clock });
    const [admin] = await db
      .insert(tables.users)
      .values({ email: 'a@t.test', passwordHash: 'x', displayName: 'A', role: 'admin', status: 'active', createdAt: 0 })
      .returning();
    const [user] = await db
      .insert(tables.users)
      .values({
        email: 'u@t.test',
        passwordHash: 'x',
        displayName: 'U',
        role: 'trader',
        status: 'active',
        createdAt: 0,
      })
      .returning();
    const [plan] = await db
      .insert(tables.plans)
      .values({
        name: 'P',
        pricePaise: 1,
        periodDays: 10,
        strategyIds: [],
        maxBrokerAccounts: 1,
        maxLotMultiplier: 1,
        active: true,
        createdAt: 0,
      })
      .returning();
    await db.insert(tables.brokerAccounts).values({
      userId: user?.id ?? '',
      broker: 'paper',
      label: 'P',
      brokerClientId: 'C',
      mode: 'paper',
      effectiveMode: 'paper',
      modeReason: 'SUBSCRIPTION_INACTIVE',
      tokenState: 'NOT_CONNECTED',
      createdAt: 0,
    });
    const events: unknown[] = [];
    await bus.subscribe('ev.account-mode', (m) => events.push(m));

    const sub = await subs.assign(admin?.id ?? '', { userId: user?.id ?? '', planId: plan?.id ?? '', graceDays: 2 });
    assert.equal(sub.endsAt, clock.now() + 10 * DAY);
    const [active] = await db.select().from(tables.brokerAccounts);
    assert.equal(active?.modeReason, 'USER_CHOICE', 'assigning re-decides the mode');

    await clock.advanceBy(11 * DAY);
    assert.equal(await subs.expireDue(), 0, 'still inside the grace days');
    await clock.advanceBy(1 * DAY);
    assert.equal(await subs.expireDue(), 1);
    assert.equal(await subs.expireDue(), 0, 'idempotent');
    const [after] = await db.select().from(tables.brokerAccounts);
    assert.equal(after?.modeReason, 'SUBSCRIPTION_INACTIVE');
    const [row] = await db.select().from(tables.subscriptions);
    assert.equal(row?.status, 'expired');
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(
      events.map((e) => (e as { reason: string }).reason),
      ['USER_CHOICE', 'SUBSCRIPTION_INACTIVE'],
    );
  } finally {
    await store.close();
  }
});
