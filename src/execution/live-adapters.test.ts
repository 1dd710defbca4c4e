import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createFyersSim, DEFAULT_SIM_APP, type FyersSim } from '#sim/brokers/fyers';
import { BrokerError } from '#src/brokers/contract';
import { createFyersDefinition, parseFyersConfig } from '#src/brokers/fyers';
import { createBrokerRegistry, paper } from '#src/brokers/registry';
import type { InstrumentId } from '#src/domain/instrument';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { createEnvelopeCrypto, parseMasterKeys } from '#src/platform/crypto';
import { openStore, type Store, tables } from '#src/platform/db';
import { createLiveAdapters, type LiveAdapters } from './live-adapters';

const { users, brokerAccounts } = tables;
const CE = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;

describe('live adapters: one per account session, built from the encrypted session, against the Fyers simulator', () => {
  let store: Store;
  let sim: FyersSim;
  let live: LiveAdapters;
  const bus = createMemoryBus();
  const clock = createRealClock();
  const crypto = createEnvelopeCrypto(
    parseMasterKeys({ id: 'k1', key: randomBytes(32).toString('base64'), retired: '' }),
  );
  const credentials = { appId: DEFAULT_SIM_APP.appId, appSecret: DEFAULT_SIM_APP.appSecret, redirectUri: 'x:' };
  const sealSession = () =>
    crypto.encrypt(JSON.stringify({ accessToken: sim.issueToken(), expiresAt: clock.now() + 3_600_000 }));
  const row = async (id: string) => (await store.db.select().from(brokerAccounts).where(eq(brokerAccounts.id, id)))[0]!;
  const addAccount = async (broker: string, tag: string) => {
    const [u] = await store.db
      .insert(users)
      .values({
        email: `${tag}@t.test`,
        passwordHash: 'x',
        displayName: tag,
        role: 'trader',
        status: 'active',
        createdAt: 0,
      })
      .returning({ id: users.id });
    const [a] = await store.db
      .insert(brokerAccounts)
      .values({
        userId: u!.id,
        broker,
        label: tag,
        brokerClientId: tag,
        mode: 'live',
        effectiveMode: broker === 'paper' ? 'paper' : 'live',
        tokenState: broker === 'paper' ? 'NOT_CONNECTED' : 'CONNECTED',
        tokenExpiresAt: clock.now() + 3_600_000,
        credentialsEnc: crypto.encrypt(JSON.stringify(credentials)),
        sessionEnc: broker === 'paper' ? null : sealSession(),
        createdAt: 0,
      })
      .returning({ id: brokerAccounts.id });
    return a!.id;
  };

  before(async () => {
    store = await openStore({ kind: 'pglite', dataDir: undefined });
    sim = await createFyersSim({ prices: () => ({ ltpPaise: 10_000, bidPaise: 9_995, askPaise: 10_005 }) });
    const fyers = createFyersDefinition(parseFyersConfig({ ...sim.hosts, reconnectMinMs: 50 }));
    live = await createLiveAdapters({
      db: store.db,
      bus,
      clock,
      crypto,
      brokers: createBrokerRegistry([paper, fyers]),
    });
  });
  after(async () => {
    await live.close();
    await sim.close();
    await bus.close();
    await store.close();
  });

  test('places at the broker with the symbol from its master; the same session reuses the adapter', async () => {
    const id = await addAccount('fyers', 'one');
    const adapter = await live.factory(await row(id));
    assert.ok(adapter);
    const ack = await adapter.createOrder({
      clientOrderId: 'LIVEADAPTERS1',
      instrumentId: CE,
      side: 'BUY',
      qtyUnits: 65,
      orderType: 'MARKET',
      product: 'INTRADAY',
    });
    assert.ok(ack.brokerOrderId);
    assert.equal((await adapter.fetchOrderByTag('LIVEADAPTERS1'))?.instrumentId, CE);
    assert.equal(await live.factory(await row(id)), adapter);
    assert.equal(await live.factory(await row(await addAccount('paper', 'paper'))), undefined);
  });

  test('a mode event or a new session replaces the adapter', async () => {
    const id = await addAccount('fyers', 'two');
    const first = await live.factory(await row(id));
    await bus.publish(CHANNELS.accountMode, { accountId: id });
    const second = await live.factory(await row(id));
    assert.notEqual(second, first);
    await store.db.update(brokerAccounts).set({ sessionEnc: sealSession() }).where(eq(brokerAccounts.id, id));
    const third = await live.factory(await row(id));
    assert.notEqual(third, second);
    assert.equal(await live.factory(await row(id)), third);
  });

  test('a token the broker refuses expires that account (only it) and falls it to paper', async () => {
    const refused = await addAccount('fyers', 'three');
    const other = await addAccount('fyers', 'four');
    const adapter = await live.factory(await row(refused));
    assert.ok(adapter);
    sim.faults.set({ tokenExpiresAt: clock.now() });
    await assert.rejects(adapter.fetchOrders(), (err) => err instanceof BrokerError && err.code === 'TOKEN_EXPIRED');
    sim.faults.set({ tokenExpiresAt: null });
    const after = await row(refused);
    assert.equal(after.tokenState, 'EXPIRED');
    assert.equal(after.effectiveMode, 'paper');
    assert.ok((after.tokenExpiresAt ?? Infinity) <= clock.now());
    const untouched = await row(other);
    assert.deepEqual([untouched.tokenState, untouched.effectiveMode], ['CONNECTED', 'live']);
  });

  test('a new instrument master reaches an adapter already held, without rebuilding it', async () => {
    const id = await addAccount('fyers', 'five');
    const adapter = await live.factory(await row(id));
    assert.ok(adapter);
    let n = 0;
    const place = () =>
      adapter.createOrder({
        clientOrderId: `LIVEMASTER${++n}`,
        instrumentId: CE,
        side: 'BUY',
        qtyUnits: 65,
        orderType: 'MARKET',
        product: 'INTRADAY',
      });
    assert.ok((await place()).brokerOrderId);
    // The day's master no longer lists the contract (say it expired): the held adapter must refuse it.
    const other = 'NFO:NIFTY:2026-12-01:PE:24000';
    await store.db
      .insert(tables.brokerSymbols)
      .values({ broker: 'fyers', instrumentId: other, segment: 'NFO', brokerSymbol: 'NSE:X', token: '1' });
    try {
      await bus.publish(CHANNELS.marketReference, { kind: 'instruments' });
      const deadline = Date.now() + 5_000;
      let refused: unknown;
      while (!refused && Date.now() < deadline) {
        refused = await place().then(
          () => undefined,
          (err: unknown) => err,
        );
      }
      assert.ok(refused instanceof BrokerError && refused.code === 'INVALID_ORDER', String(refused));
      assert.equal(await live.factory(await row(id)), adapter);
    } finally {
      await store.db.delete(tables.brokerSymbols);
      await bus.publish(CHANNELS.marketReference, { kind: 'instruments' });
    }
  });
});
