import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedState, MarketFeed } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import { createVirtualClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createBackoff } from './backoff';
import { type BrokerFeedHandlers, createBrokerFeedSource } from './broker-feed-source';

const ID = 'NSE_INDEX:NIFTY' as InstrumentId;

/** A broker feed stand-in that records what the wrapper asks of it (the MarketFeed contract only). */
function connection(token: string, handlers: BrokerFeedHandlers) {
  const subs = new Set<InstrumentId>();
  let state: FeedState = 'CONNECTING';
  const feed: MarketFeed = {
    get state() {
      return state;
    },
    subscribe: (ids) => {
      for (const id of ids) subs.add(id);
    },
    unsubscribe: (ids) => {
      for (const id of ids) subs.delete(id);
    },
    close: async () => {
      state = 'CLOSED';
    },
  };
  return { token, subs, feed, handlers };
}

test('a closed broker feed is rebuilt after backoff, with a freshly read token and the same subscriptions', async () => {
  const clock = createVirtualClock(Date.UTC(2026, 11, 1, 4, 30));
  let tokenInStore = 'token-1';
  const connections: Array<ReturnType<typeof connection>> = [];
  const source = createBrokerFeedSource({
    name: 'broker',
    clock,
    log: createLogger({ level: 'silent' }),
    segments: ['NFO'],
    backoff: createBackoff({ baseMs: 1_000, maxMs: 8_000, random: () => 1 }),
    connect: (handlers) => {
      const c = connection(tokenInStore, handlers);
      connections.push(c);
      return c.feed;
    },
  });
  const received: Tick[] = [];
  await source.start((ticks) => received.push(...ticks));
  source.subscribe?.([ID]);
  connections[0]!.handlers.onState('LIVE');
  assert.equal(source.state, 'LIVE');

  tokenInStore = 'token-2';
  connections[0]!.handlers.onState('CLOSED', 'TOKEN_EXPIRED');
  assert.equal(source.state, 'RECONNECTING');
  await clock.advanceBy(999);
  assert.equal(connections.length, 1, 'waits for the backoff');
  await clock.advanceBy(1);
  assert.equal(connections.length, 2);
  assert.equal(connections[1]!.token, 'token-2', 'the token is re-read on reconnect');
  assert.deepEqual([...connections[1]!.subs], [ID], 'subscriptions are restored');

  connections[1]!.handlers.onState('CLOSED');
  await clock.advanceBy(1_999);
  assert.equal(connections.length, 2, 'the second attempt backs off longer');
  await clock.advanceBy(1);
  assert.equal(connections.length, 3);
  assert.equal(source.reconnects, 2);

  connections[0]!.handlers.onTicks([{ id: ID, ltp: 1, bid: 1, ask: 1, volume: 0, ts: 0 } as unknown as Tick]);
  assert.equal(received.length, 0, 'ticks from a replaced connection are ignored');
  await source.stop();
  assert.equal(connections[2]!.feed.state, 'CLOSED');
});

test('status says why the feed is not live; a stall restart of a feed that never went live keeps that reason', async () => {
  const clock = createVirtualClock(Date.UTC(2026, 11, 1, 4, 30));
  const connections: BrokerFeedHandlers[] = [];
  const source = createBrokerFeedSource({
    name: 'broker',
    clock,
    log: createLogger({ level: 'silent' }),
    segments: ['NFO'],
    backoff: createBackoff({ baseMs: 1_000, maxMs: 8_000, random: () => 1 }),
    connect: (handlers) => {
      connections.push(handlers);
      return connection('t', handlers).feed;
    },
  });
  await source.start(() => {});
  connections[0]!.onState('RECONNECTING', 'no session: broker account x has no session (NOT_CONNECTED)');
  assert.deepEqual(source.status(), {
    state: 'RECONNECTING',
    reason: 'no session: broker account x has no session (NOT_CONNECTED)',
  });
  await source.restart();
  assert.match(source.status().reason ?? '', /no session/, 'the stall restart does not hide the cause');
  await clock.advanceBy(1_000);
  connections[1]!.onState('LIVE');
  assert.deepEqual(source.status(), { state: 'LIVE', reason: null });
  await source.restart();
  assert.deepEqual(source.status(), { state: 'RECONNECTING', reason: 'data stall' });
  await source.stop();
});

test('a fresh restart (the cause was just fixed) reconnects at once, not after the pending backoff', async () => {
  const clock = createVirtualClock(Date.UTC(2026, 11, 1, 4, 30));
  const connections: BrokerFeedHandlers[] = [];
  const source = createBrokerFeedSource({
    name: 'broker',
    clock,
    log: createLogger({ level: 'silent' }),
    segments: ['NFO'],
    backoff: createBackoff({ baseMs: 8_000, maxMs: 8_000, random: () => 1 }),
    connect: (handlers) => {
      connections.push(handlers);
      return connection('t', handlers).feed;
    },
  });
  await source.start(() => {});
  connections[0]!.onState('CLOSED', 'no session');
  await clock.advanceBy(1);
  assert.equal(connections.length, 1, 'waiting out an 8 s backoff');
  await source.restart('a new session was stored', { fresh: true });
  await clock.advanceBy(0);
  assert.equal(connections.length, 2);
  assert.deepEqual(source.status(), { state: 'CONNECTING', reason: 'a new session was stored' });
  await clock.advanceBy(10_000);
  assert.equal(connections.length, 2, 'the cancelled backoff does not connect again');
  await source.stop();
});
