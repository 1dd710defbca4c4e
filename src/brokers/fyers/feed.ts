/**
 * Fyers market feed (reference/brokers.md §1.6): the binary HSM socket, authenticated with the access token's
 * `hsm_key`, subscribed by fytoken topics from the symbol master, decoded into Ticks. Reconnects with backoff,
 * reads the session again on every connect, and drops a connection that goes quiet (stall watchdog).
 */

import WebSocket from 'ws';
import { BrokerError, type FeedDeps, type FeedState, type MarketFeed } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import type { TimerHandle } from '#src/platform/clock/clock';
import { authorizationHeader, readTokenClaims } from './auth';
import type { FyersConfig } from './config';
import { createHsmDecoder, encodeAck, encodeAuth, encodeChannels, encodeMode, encodeTopics } from './hsm-codec';
import { DEFAULT_INDEX_LAYOUT, DEFAULT_LAYOUT, feedTopic, type HsmScrip, hsmPaise } from './hsm-fields';

const TOPICS_PER_FRAME = 200;
/** The data channel the feed subscribes on (the official client's default, 11). */
const CHANNEL = 11;

/** One decoded index (`if` topic) → a Tick with bid = ask = LTP and no volume. */
export function indexToTick(
  s: HsmScrip,
  id: InstrumentId,
  now: number,
  layout = DEFAULT_INDEX_LAYOUT,
): Tick | undefined {
  const ltp = hsmPaise(s.values[layout.ltp], s);
  if (ltp === undefined) return undefined;
  const feedS = s.values[layout.feedTime];
  return { id, ltp: ltp as Paise, bid: ltp as Paise, ask: ltp as Paise, volume: 0, ts: feedS ? feedS * 1000 : now };
}

/** One decoded scrip → a Tick, or undefined while its LTP is unknown. */
export function scripToTick(s: HsmScrip, id: InstrumentId, now: number, layout = DEFAULT_LAYOUT): Tick | undefined {
  const ltp = hsmPaise(s.values[layout.ltp], s);
  if (ltp === undefined) return undefined;
  const feedS = s.values[layout.feedTime] ?? s.values[layout.ltt];
  return {
    id,
    ltp: ltp as Paise,
    bid: (hsmPaise(s.values[layout.bid], s) ?? ltp) as Paise,
    ask: (hsmPaise(s.values[layout.ask], s) ?? ltp) as Paise,
    volume: s.values[layout.volume] ?? 0,
    ts: feedS ? feedS * 1000 : now,
  };
}

/** Starts a feed; it connects at once and keeps itself connected until closed. */
export function createFyersFeed(p: { config: FyersConfig; deps: FeedDeps }): MarketFeed {
  const { config, deps } = p;
  const topicToId = new Map<string, InstrumentId>();
  const idToTopic = new Map<InstrumentId, string>();
  const decoder = createHsmDecoder();
  let state: FeedState = 'CONNECTING';
  let ws: WebSocket | undefined;
  let authed = false;
  let ackEvery = 0;
  let unacked = 0;
  let attempt = 0;
  let lastFrameAt = deps.clock.now();
  let retry: TimerHandle | undefined;
  /** Why the current socket is being dropped, reported with the reconnect. */
  let dropReason: string | undefined;

  const topicOf = (id: InstrumentId): string | undefined => {
    try {
      const b = deps.symbols.toBroker(id);
      return b.token ? feedTopic(b.symbol, b.token) : undefined;
    } catch (e) {
      if (!(e instanceof BrokerError)) throw e;
      deps.log?.warn({ id }, 'fyers feed: instrument not in the symbol master; not subscribed');
      return undefined;
    }
  };
  const setState = (s: FeedState, reason?: string) => {
    state = s;
    deps.onState?.(s, reason);
  };
  const send = (topics: string[], type: 4 | 5) => {
    if (!ws || !authed || ws.readyState !== WebSocket.OPEN || topics.length === 0) return;
    for (let i = 0; i < topics.length; i += TOPICS_PER_FRAME) {
      ws.send(encodeTopics(type, topics.slice(i, i + TOPICS_PER_FRAME), CHANNEL));
    }
  };
  /** As the official client does once connected: full mode on our channel, and the channel resumed. */
  const openChannel = () => {
    ws?.send(encodeMode([CHANNEL], 'F'));
    ws?.send(encodeChannels(8, [CHANNEL]));
  };

  /** The server paces itself on acknowledgements: every `ackEvery`-th data frame is acknowledged by number. */
  const acknowledge = (messageNumber: number | undefined) => {
    if (messageNumber === undefined || ackEvery <= 0 || ++unacked < ackEvery) return;
    unacked = 0;
    if (ws?.readyState === WebSocket.OPEN) ws.send(encodeAck(messageNumber));
  };

  const onFrame = (buf: Buffer) => {
    lastFrameAt = deps.clock.now();
    const msg = decoder.decode(buf);
    if (msg.kind === 'ack' && msg.type === 1) {
      if (!msg.ok) {
        dropReason = 'the data socket refused the session (hsm_key): reconnect the account';
        return void ws?.terminate();
      }
      authed = true;
      attempt = 0;
      ackEvery = msg.ackEvery;
      unacked = 0;
      setState('LIVE');
      openChannel();
      send([...topicToId.keys()], 4);
    } else if (msg.kind === 'data') {
      acknowledge(msg.messageNumber);
      const ticks = msg.scrips
        .map((s) => {
          const id = topicToId.get(s.topic);
          if (!id) return undefined;
          const l = decoder.layout();
          return s.topic.startsWith('if|')
            ? indexToTick(s, id, lastFrameAt, l.index)
            : scripToTick(s, id, lastFrameAt, l.scrip);
        })
        .filter((t): t is Tick => t !== undefined);
      if (ticks.length > 0) deps.onTicks(ticks);
    }
  };

  const scheduleReconnect = (reason: string) => {
    ws = undefined;
    authed = false;
    if (state === 'CLOSED') return;
    setState('RECONNECTING', reason);
    const delay = Math.min(config.reconnectMaxMs, config.reconnectMinMs * 2 ** attempt++);
    deps.log?.warn({ reason, retryInMs: delay }, 'fyers feed down');
    retry = deps.clock.setTimer(delay, () => void connect());
  };

  async function connect() {
    if (state === 'CLOSED') return;
    let session: Awaited<ReturnType<FeedDeps['getSession']>>;
    try {
      session = await deps.getSession();
    } catch (e) {
      return scheduleReconnect(`no session: ${(e as Error).message}`);
    }
    const hsmKey = readTokenClaims(session.accessToken)?.hsm_key;
    if (!hsmKey) return scheduleReconnect('the access token carries no hsm_key');
    decoder.reset();
    dropReason = undefined;
    lastFrameAt = deps.clock.now();
    const sock = new WebSocket(config.dataSocketUrl, {
      headers: { authorization: authorizationHeader(deps.credentials.appId, session.accessToken) },
    });
    ws = sock;
    sock.binaryType = 'nodebuffer';
    sock.on('open', () => sock.send(encodeAuth(hsmKey, config.feedSource)));
    sock.on('message', (data: Buffer) => {
      try {
        onFrame(data);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        deps.log?.warn({ err: e.message }, 'fyers feed frame truncated; skipped');
      }
    });
    sock.on('error', (e) => deps.log?.warn({ err: e.message }, 'fyers feed socket error'));
    sock.on('close', () => ws === sock && scheduleReconnect(dropReason ?? 'closed'));
  }

  // Stall watchdog: a subscribed connection that stays silent is presumed dead and replaced.
  const watchdog = deps.clock.setInterval(Math.max(250, Math.floor(config.feedStallMs / 4)), () => {
    if (state !== 'LIVE' || topicToId.size === 0) return;
    if (deps.clock.now() - lastFrameAt > config.feedStallMs) {
      deps.log?.warn({ silentMs: deps.clock.now() - lastFrameAt }, 'fyers feed stalled; reconnecting');
      const sock = ws;
      scheduleReconnect('stalled');
      sock?.terminate();
    }
  });

  void connect();
  return {
    get state() {
      return state;
    },
    subscribe(ids) {
      const fresh: string[] = [];
      for (const id of ids) {
        const topic = topicOf(id);
        if (!topic || topicToId.has(topic)) continue;
        topicToId.set(topic, id);
        idToTopic.set(id, topic);
        fresh.push(topic);
      }
      send(fresh, 4);
    },
    unsubscribe(ids) {
      const gone = ids.map((id) => idToTopic.get(id)).filter((t): t is string => t !== undefined);
      for (const t of gone) topicToId.delete(t);
      for (const id of ids) idToTopic.delete(id);
      send(gone, 5);
    },
    async close() {
      setState('CLOSED');
      watchdog.cancel();
      retry?.cancel();
      const sock = ws;
      ws = undefined;
      sock?.terminate();
    },
  };
}
