/**
 * The Fyers order socket (reference/brokers.md §1.5): JSON order pushes → BrokerOrder. While the socket is down
 * the order book is polled instead, so the caller sees every change either way; reconnects back off.
 */

import type { Logger } from 'pino';
import WebSocket from 'ws';
import type { BrokerOrder, OrderStreamState, SymbolResolver } from '#src/brokers/contract';
import type { Clock, TimerHandle } from '#src/platform/clock/clock';
import type { FyersConfig } from './config';
import { parseOrder, parseOrderPush } from './parse';
import { fyersOrderRow, fyersRawOrderPush } from './wire';

/** What the order stream needs. `poll` reads the order book; `authorization` is read on every (re)connect. */
export interface OrderUpdatesDeps {
  readonly config: Pick<FyersConfig, 'orderSocketUrl' | 'reconnectMinMs' | 'reconnectMaxMs' | 'orderPollMs'>;
  readonly authorization: () => string;
  readonly poll: () => Promise<BrokerOrder[]>;
  readonly symbols: SymbolResolver;
  readonly clock: Clock;
  readonly onUpdate: (order: BrokerOrder) => void;
  /** Hears each socket open ('LIVE') and each drop or failed connect ('DOWN'). */
  readonly onState?: (state: OrderStreamState) => void;
  readonly log?: Logger;
}

/** A running order stream. */
export interface OrderUpdates {
  /** True while the socket is up (false: polling). */
  isLive(): boolean;
  stop(): Promise<void>;
}

/** One push's order, raw (§1.5) or already in order-book names (the SDK's parsed shape). */
export function parseOrderMessage(text: string, symbols: SymbolResolver): BrokerOrder | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
  const payload = (msg as { orders?: unknown } | null)?.orders;
  if (payload === undefined) return undefined;
  const raw = fyersRawOrderPush.safeParse(payload);
  if (raw.success) return parseOrder(parseOrderPush(raw.data), symbols);
  const row = fyersOrderRow.safeParse(payload);
  return row.success ? parseOrder(row.data, symbols) : undefined;
}

const SUBSCRIBE = JSON.stringify({ T: 'SUB_ORD', SLIST: ['orders', 'trades', 'positions'], SUB_T: 1 });

/** Starts the stream: connects, subscribes, pings every 10 s, and polls while disconnected. */
export function startOrderUpdates(deps: OrderUpdatesDeps): OrderUpdates {
  const seen = new Map<string, string>();
  let ws: WebSocket | undefined;
  let live = false;
  let stopped = false;
  let attempt = 0;
  let ping: TimerHandle | undefined;
  let pollTimer: TimerHandle | undefined;
  let retry: TimerHandle | undefined;

  const emit = (o: BrokerOrder) => {
    const key = `${o.status}:${o.filledQtyUnits}:${o.qtyUnits}:${o.limitPricePaise ?? ''}:${o.triggerPricePaise ?? ''}`;
    if (seen.get(o.brokerOrderId) === key) return;
    seen.set(o.brokerOrderId, key);
    deps.onUpdate(o);
  };
  const pollOnce = () =>
    deps.poll().then(
      (orders) => orders.forEach(emit),
      (e: unknown) => deps.log?.warn({ err: (e as Error).message }, 'fyers order poll failed'),
    );
  const startPolling = () => {
    pollTimer ??= deps.clock.setInterval(deps.config.orderPollMs, () => void pollOnce());
  };
  const stopPolling = () => {
    pollTimer?.cancel();
    pollTimer = undefined;
  };

  const onDown = (why: string) => {
    live = false;
    ping?.cancel();
    if (stopped) return;
    deps.onState?.('DOWN');
    startPolling();
    const delay = Math.min(deps.config.reconnectMaxMs, deps.config.reconnectMinMs * 2 ** attempt++);
    deps.log?.warn({ why, retryInMs: delay }, 'fyers order socket down; polling the order book');
    retry = deps.clock.setTimer(delay, connect);
  };

  function connect() {
    if (stopped) return;
    let authorization: string;
    try {
      authorization = deps.authorization();
    } catch (e) {
      onDown(`no usable session: ${(e as Error).message}`);
      return;
    }
    const sock = new WebSocket(deps.config.orderSocketUrl, { headers: { authorization } });
    ws = sock;
    sock.on('open', () => {
      live = true;
      attempt = 0;
      sock.send(SUBSCRIBE);
      ping = deps.clock.setInterval(10_000, () => sock.readyState === WebSocket.OPEN && sock.send('ping'));
      stopPolling();
      deps.onState?.('LIVE');
      void pollOnce(); // catch what changed while the socket was down
    });
    sock.on('message', (data) => {
      const text = data.toString();
      if (text === 'pong') return;
      const order = parseOrderMessage(text, deps.symbols);
      if (order) emit(order);
    });
    sock.on('unexpected-response', (_req, res) => {
      ws = undefined; // the close that follows must not schedule a second reconnect
      sock.terminate();
      onDown(`handshake refused: HTTP ${res.statusCode}`);
    });
    sock.on('error', (e) => deps.log?.warn({ err: e.message }, 'fyers order socket error'));
    sock.on('close', () => {
      if (ws === sock) onDown('closed');
    });
  }

  connect();
  return {
    isLive: () => live,
    async stop() {
      stopped = true;
      retry?.cancel();
      ping?.cancel();
      stopPolling();
      const sock = ws;
      ws = undefined;
      sock?.removeAllListeners('close');
      sock?.on('error', () => undefined);
      sock?.terminate();
    },
  };
}
