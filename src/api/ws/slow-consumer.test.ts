import assert from 'node:assert/strict';
import type { AddressInfo, Socket } from 'node:net';
import { after, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import type { SessionUser } from '#src/accounts';
import type { Tick } from '#src/domain/market/tick';
import { encodeTickBatch, loadMarketReference } from '#src/market';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import type { TradingViews } from '../routes/trading/views';
import { createStreamHub } from './hub';

// The hub on a bare `ws` server (authentication is covered by hub.test.ts): a fast rate and small buffers so the
// slow-consumer policy shows within seconds on loopback.
const INSTRUMENTS = Array.from({ length: 1_000 }, (_, i) => `NFO:NIFTY:2026-12-08:CE:${20_000 + i * 50}`);
const noTrades: TradingViews = { positions: async () => [], trades: async () => [], trade: async () => undefined };
const user = (id: string): SessionUser => ({
  id: `00000000-0000-4000-8000-00000000000${id}`,
  email: `${id}@x.test`,
  displayName: id,
  role: 'trader',
});

test('a slow client never delays a fast one; it is dropped to snapshot, then disconnected', async () => {
  const bus = createMemoryBus();
  const clock = createRealClock();
  const hub = await createStreamHub({
    bus,
    clock,
    calendar: loadMarketReference().calendar,
    views: noTrades,
    metrics: createMetrics(),
    log: createLogger({ level: 'silent' }),
    instance: 'test',
    options: {
      rateHz: 50,
      backpressure: { softLimitBytes: 64 * 1024, hardLimitBytes: 64 * 1024 * 1024, slowTimeoutMs: 1_500 },
    },
  });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  let n = 0;
  wss.on('connection', (socket) => hub.attach(socket, user(String(++n))));
  after(async () => {
    await hub.stop();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    await bus.close();
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;

  const connect = async () => {
    const ws = new WebSocket(url);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', channels: ['ltp'], instruments: INSTRUMENTS }));
    return ws;
  };
  const fast = await connect();
  const slow = await connect();
  const fastArrivals: number[] = [];
  fast.on('message', (raw: Buffer) => {
    if (raw.subarray(0, 12).toString() === '{"type":"ltp') fastArrivals.push(Date.now());
  });
  let slowClosedAt = 0;
  slow.on('close', () => {
    slowClosedAt = Date.now();
  });
  // The slow client stops reading: the kernel buffers fill, then the hub's per-client buffer.
  (slow as unknown as { _socket: Socket })._socket.pause();

  let ltp = 10_000;
  const started = Date.now();
  while (Date.now() - started < 6_000 && hub.stats().slowDisconnects === 0) {
    ltp += 5;
    const ts = Date.now();
    const ticks = INSTRUMENTS.map((id) => ({ id, ltp, bid: ltp, ask: ltp, volume: 0, ts }) as unknown as Tick);
    await bus.publish(CHANNELS.ticks, encodeTickBatch(ticks));
    await new Promise((r) => setTimeout(r, 10));
  }
  const elapsedS = (Date.now() - started) / 1_000;
  const arrived = fastArrivals.length;
  const stats = hub.stats();
  assert.ok(stats.framesDropped > 0, 'updates to the slow client were dropped, not queued without bound');
  assert.equal(stats.slowDisconnects, 1, 'the slow client was disconnected');
  (slow as unknown as { _socket: Socket })._socket.resume();
  // The client reads its backlog before it sees the terminated connection: wait for the close, not a fixed time.
  for (const end = Date.now() + 10_000; slowClosedAt === 0 && Date.now() < end; )
    await new Promise((r) => setTimeout(r, 20));
  assert.ok(slowClosedAt > 0, 'the slow socket is closed');

  const gaps = fastArrivals.slice(1).map((t, i) => t - (fastArrivals[i] ?? t));
  gaps.sort((a, b) => a - b);
  const p99 = gaps[Math.floor(gaps.length * 0.99)] ?? Number.POSITIVE_INFINITY;
  assert.ok(arrived >= elapsedS * 50 * 0.5, `fast client got ${arrived} frames in ${elapsedS}s`);
  assert.ok(p99 < 250, `fast client p99 gap ${p99} ms`);
  fast.close();
});
