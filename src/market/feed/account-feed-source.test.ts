/** A broker account's feed as a feed source, over a stand-in broker: session reads, reasons, master reloads. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { BrokerDefinition, FeedDeps, MarketFeed } from '#src/brokers/contract';
import { paper } from '#src/brokers/registry';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { createEnvelopeCrypto } from '#src/platform/crypto';
import { openStore, type Store, tables } from '#src/platform/db';
import { createLogger } from '#src/platform/log';
import { createAccountFeedSource } from './account-feed-source';
import { createBackoff } from './backoff';

const { users, brokerAccounts, brokerSymbols } = tables;
const NIFTY = 'NSE_INDEX:NIFTY' as InstrumentId;
const NEW_CE = 'NFO:NIFTY:2026-12-08:CE:24000' as InstrumentId;
const crypto = createEnvelopeCrypto({ current: { id: 'k1', key: randomBytes(32) } });

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A broker whose feed reads the session once at connect (as a real one does) and subscribes what resolves. */
function standInBroker() {
  const feeds: Array<{ deps: FeedDeps; token?: string; subscribed: Set<string>; closed: boolean }> = [];
  const def: BrokerDefinition = {
    ...paper,
    id: 'stand-in' as BrokerDefinition['id'],
    createFeed(deps): MarketFeed {
      const f = { deps, token: undefined as string | undefined, subscribed: new Set<string>(), closed: false };
      feeds.push(f);
      deps
        .getSession()
        .then((s) => {
          if (f.closed) return;
          f.token = s.accessToken;
          deps.onState?.('LIVE');
        })
        .catch((e: Error) => deps.onState?.('RECONNECTING', `no session: ${e.message}`));
      return {
        state: 'CONNECTING',
        subscribe(ids) {
          for (const id of ids) {
            try {
              f.subscribed.add(deps.symbols.toBroker(id).symbol);
            } catch {
              // not in the master (yet)
            }
          }
        },
        unsubscribe() {},
        async close() {
          f.closed = true;
        },
      };
    },
  };
  return { def, feeds };
}

describe('account feed source', () => {
  let store: Store;
  let accountId = '';
  before(async () => {
    store = await openStore({ kind: 'pglite', dataDir: undefined });
    const [user] = await store.db
      .insert(users)
      .values({
        email: 'feed@x.local',
        passwordHash: 'x',
        displayName: 'Feed',
        role: 'trader',
        status: 'active',
        createdAt: Date.now(),
      })
      .returning();
    const [account] = await store.db
      .insert(brokerAccounts)
      .values({
        userId: user?.id ?? '',
        broker: 'stand-in',
        label: 'data',
        brokerClientId: 'D1',
        mode: 'paper',
        effectiveMode: 'paper',
        tokenState: 'NOT_CONNECTED',
        createdAt: Date.now(),
        credentialsEnc: crypto.encrypt(JSON.stringify({ appId: 'A', appSecret: 'S', redirectUri: 'http://x' })),
      })
      .returning();
    accountId = account?.id ?? '';
    await store.db.insert(brokerSymbols).values({
      broker: 'stand-in',
      instrumentId: NIFTY,
      segment: 'NSE_INDEX',
      brokerSymbol: 'IDX:NIFTY',
      token: '1',
    });
  });
  after(async () => store.close());

  const connectAccount = (token: string) =>
    store.db
      .update(brokerAccounts)
      .set({
        sessionEnc: crypto.encrypt(JSON.stringify({ accessToken: token, expiresAt: Date.now() + 3_600_000 })),
        tokenState: 'CONNECTED',
        tokenExpiresAt: Date.now() + 3_600_000,
      })
      .where(eq(brokerAccounts.id, accountId));

  test('no session: says so and keeps running; a stored session goes live at once; a master sync adds symbols', async () => {
    const bus = createMemoryBus();
    const broker = standInBroker();
    const source = createAccountFeedSource({
      db: store.db,
      crypto,
      brokers: { get: (id) => (id === 'stand-in' ? broker.def : undefined) },
      accountId,
      clock: createRealClock(),
      bus,
      log: createLogger({ level: 'silent' }),
      sessionCheckMs: 20,
      backoff: createBackoff({ baseMs: 60_000, maxMs: 60_000 }),
    });
    await source.start(() => {});
    try {
      source.subscribe?.([NIFTY, NEW_CE]);
      await until('the reason', () => /has no session \(NOT_CONNECTED\)/.test(source.status().reason ?? ''));
      assert.notEqual(source.status().state, 'LIVE');

      // The trader connects: picked up by the session watch, not after the (one-minute) backoff.
      await connectAccount('token-1');
      await until('live', () => source.status().state === 'LIVE');
      const live = broker.feeds.at(-1);
      assert.equal(live?.token, 'token-1');
      assert.deepEqual([...(live?.subscribed ?? [])], ['IDX:NIFTY'], 'only what the table lists');

      // Tomorrow's master lists a new contract: the running feed subscribes it without a reconnect.
      await store.db.insert(brokerSymbols).values({
        broker: 'stand-in',
        instrumentId: NEW_CE,
        segment: 'NFO',
        brokerSymbol: 'OPT:NIFTY24000CE',
        token: '2',
      });
      await bus.publish(CHANNELS.marketReference, { kind: 'instruments' });
      await until('the new contract subscribed', () => live?.subscribed.has('OPT:NIFTY24000CE'));
      assert.equal(broker.feeds.at(-1), live, 'same connection');
    } finally {
      await source.stop();
      await bus.close();
    }
  });
});
