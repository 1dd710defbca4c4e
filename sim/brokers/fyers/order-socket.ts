/**
 * The simulator's order-update socket (reference/brokers.md §1.5): `Authorization: <APP_ID>:<token>` on the
 * handshake (403 when bad), SUB_ORD subscriptions (SLIST, or OpenAlgo's `action_data`), "ping" → "pong", and raw
 * order and trade pushes.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { SimOrder, SimTrade } from './engine';
import type { SimAuth } from './oauth';
import { rawOrderPush, rawTradePush } from './records';

interface Client {
  readonly ws: WebSocket;
  readonly appId: string;
  readonly lists: Set<string>;
}

export function createOrderSocket(auth: SimAuth, refuse: () => boolean) {
  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<Client>();

  const onMessage = (c: Client, text: string) => {
    if (text === 'ping') return c.ws.send('pong');
    let msg: { T?: unknown; SLIST?: unknown; action_data?: unknown; SUB_T?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch (e) {
      if (e instanceof SyntaxError)
        return c.ws.send(JSON.stringify({ s: 'error', code: -1, message: 'Invalid message' }));
      throw e;
    }
    if (msg.T !== 'SUB_ORD') return;
    const list = (Array.isArray(msg.SLIST) ? msg.SLIST : Array.isArray(msg.action_data) ? msg.action_data : []).map(
      String,
    );
    const subscribe = Number(msg.SUB_T) !== -1;
    for (const l of list) subscribe ? c.lists.add(l) : c.lists.delete(l);
    const message = subscribe ? 'Successfully subscribed' : 'Successfully unsubscribed';
    c.ws.send(JSON.stringify({ code: 1605, message, s: 'ok' }));
  };

  const push = (appId: string, list: string, payload: unknown) => {
    for (const c of clients) {
      if (c.appId === appId && c.lists.has(list) && c.ws.readyState === WebSocket.OPEN)
        c.ws.send(JSON.stringify(payload));
    }
  };

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      if (refuse()) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const app = auth.authenticate(req.headers.authorization);
      if ('code' in app) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const c: Client = { ws, appId: app.appId, lists: new Set() };
        clients.add(c);
        ws.on('message', (data) => onMessage(c, data.toString()));
        ws.on('close', () => clients.delete(c));
      });
    },
    onOrder: (o: SimOrder) => push(o.appId, 'orders', rawOrderPush(o)),
    onTrade: (t: SimTrade) => push(t.order.appId, 'trades', rawTradePush(t)),
    /** Drops every connection (fault: the socket goes away; clients should poll, then reconnect). */
    dropAll: () => {
      for (const c of clients) c.ws.terminate();
    },
    connections: () => clients.size,
    close: () => {
      for (const c of clients) c.ws.terminate();
      wss.close();
    },
  };
}
