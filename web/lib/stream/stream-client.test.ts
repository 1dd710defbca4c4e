import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type WebSocketServer as Server, WebSocket, WebSocketServer } from 'ws';
import type { ServerFrame } from './frames';
import { parseServerFrame } from './frames';
import { createStreamClient, type StreamSocket, type StreamStatus, streamUrl } from './stream-client';

function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('stream client against a real WebSocket server', () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];

  before(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/stream`;
    server.on('connection', (ws) => {
      ws.on('message', (data) => received.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: 'hello', user: { id: 'u1' } }));
    });
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('subscribes once open, delivers frames, and reconnects after the server drops it', async () => {
    const statuses: StreamStatus[] = [];
    const frames: ServerFrame[] = [];
    const client = createStreamClient({
      url,
      onFrame: (f) => frames.push(f),
      onStatus: (s) => statuses.push(s),
      createSocket: (u) => new WebSocket(u) as unknown as StreamSocket,
      backoffMs: () => 20,
    });
    try {
      // The server greets on connection, so the hello frame can arrive before the subscribe reaches the server.
      await waitFor(() => frames.length === 1 && received.length === 1);
      assert.deepEqual(received[0], { type: 'subscribe', channels: ['pnl', 'ltp', 'trades'] });
      for (const ws of server.clients) ws.terminate();
      await waitFor(() => frames.length === 2 && received.length === 2);
    } finally {
      client.close();
    }
    assert.deepEqual(statuses, ['connecting', 'live', 'reconnecting', 'reconnecting', 'live']);
    assert.deepEqual(received[1], received[0]);
  });
});

describe('stream helpers', () => {
  test('matches the page scheme', () => {
    assert.equal(streamUrl({ protocol: 'https:', host: 'x.in' }), 'wss://x.in/api/v1/stream');
    assert.equal(streamUrl({ protocol: 'http:', host: 'localhost:3000' }), 'ws://localhost:3000/api/v1/stream');
  });

  test('drops frames that are not JSON or not a known type', () => {
    assert.equal(parseServerFrame('not json'), undefined);
    assert.equal(parseServerFrame('{"type":"mystery"}'), undefined);
    assert.equal(parseServerFrame('{"type":"pnl","now":1}'), undefined);
    assert.deepEqual(parseServerFrame('{"type":"trade","event":"ENTRY","trade":{"id":"t"}}'), {
      type: 'trade',
      event: 'ENTRY',
      trade: { id: 't' },
    });
  });
});
