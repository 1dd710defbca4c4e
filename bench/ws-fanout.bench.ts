/**
 * WebSocket fan-out benchmark (not a test): 10,000 clients, each watching a 20-strike window of a 2,000-instrument
 * chain that ticks at 20 Hz, served at 4 Hz by (1) our hub (conflation, shared frames per instrument group,
 * backpressure), (2) a bare `ws` broadcast loop doing the same work (latest value per instrument, one JSON frame
 * per client every 250 ms), (3) socket.io doing the same (one emit per client). Clients run in child processes.
 * Reported per server: frames/s delivered, server CPU per second, frames per server CPU-second, p50/p99 of the
 * send pass (from taking the latest values to the last socket send: tick-to-send after conflation), and server
 * memory per connected client (RSS and heap growth from before connecting to all clients subscribed).
 * Run: node --expose-gc --import tsx bench/ws-fanout.bench.ts   (BENCH_WS_CLIENTS, BENCH_SECONDS to scale)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server as IoServer, type Socket as IoSocket } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';
import { createStreamHub } from '#src/api/ws/hub';
import type { Tick } from '#src/domain/market/tick';
import { encodeTickBatch, loadMarketReference } from '#src/market';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createRealClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';

const CLIENTS = Number(process.env.BENCH_WS_CLIENTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CHILDREN = 4;
const WINDOW = 20;
const RATE_HZ = 4;
const TICK_HZ = 20;
const INSTRUMENTS = Array.from(
  { length: 2_000 },
  (_, i) => `NFO:NIFTY:2026-12-08:${i % 2 ? 'PE' : 'CE'}:${20_000 + Math.floor(i / 2) * 50}`,
);
/** Client k watches 20 consecutive instruments from a pseudo-random start (positions plus strikes near ATM). */
const windowOf = (k: number) => {
  const from = (k * 7919) % (INSTRUMENTS.length - WINDOW);
  return INSTRUMENTS.slice(from, from + WINDOW);
};
type Kind = 'hub' | 'ws' | 'sio';

// ── client process ────────────────────────────────────────────────────────────────────────────────────────────
async function runClients(kind: Kind, port: number, from: number, count: number) {
  let frames = 0;
  let bytes = 0;
  const open = (k: number) =>
    new Promise<void>((resolve, reject) => {
      if (kind === 'sio') {
        const s = ioClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
        s.on('ltp', (m: unknown) => {
          frames++;
          bytes += JSON.stringify(m).length;
        });
        s.on('connect', () => {
          s.emit('subscribe', windowOf(k));
          resolve();
        });
        s.on('connect_error', reject);
        return;
      }
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
      ws.on('message', (raw: Buffer) => {
        if (raw[9] === 108 /* {"type":"l */) {
          frames++;
          bytes += raw.length;
        }
      });
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'subscribe', channels: ['ltp'], instruments: windowOf(k) }));
        resolve();
      });
      ws.on('error', reject);
    });
  for (let i = 0; i < count; i += 200)
    await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, j) => open(from + i + j)));
  process.send?.({ ready: true });
  process.on('message', (m: { report?: boolean }) => {
    if (m.report) process.send?.({ frames, bytes });
  });
}

// ── servers ───────────────────────────────────────────────────────────────────────────────────────────────────
interface Server {
  port: number;
  /** Starts ticking and the send loop; returns the send-pass durations. */
  run(): { passes: number[]; stop(): void };
  close(): Promise<void>;
}

const latest = new Map<string, { ltpPaise: number; bidPaise: number; askPaise: number; ts: number }>();
const tickAll = (seq: number): Tick[] => {
  const ts = Date.now();
  return INSTRUMENTS.map((id, i) => {
    const p = 10_000 + ((seq + i) % 400) * 5;
    latest.set(id, { ltpPaise: p, bidPaise: p, askPaise: p, ts });
    return { id, ltp: p, bid: p, ask: p, volume: 0, ts } as unknown as Tick;
  });
};

async function hubServer(): Promise<Server> {
  const bus = createMemoryBus();
  const passes: number[] = [];
  const hub = await createStreamHub({
    bus,
    clock: createRealClock(),
    calendar: loadMarketReference().calendar,
    views: { positions: async () => [], trades: async () => [], trade: async () => undefined },
    metrics: createMetrics(),
    log: createLogger({ level: 'silent' }),
    instance: 'bench',
    options: {
      rateHz: RATE_HZ,
      onFlush: (ms) => passes.push(ms),
      ...(process.env.BENCH_WS_SLICES ? { slices: Number(process.env.BENCH_WS_SLICES) } : {}),
    },
  });
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  let n = 0;
  wss.on('connection', (s) => {
    n++;
    hub.attach(s, {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      email: 'b',
      displayName: 'b',
      role: 'trader',
    });
  });
  return {
    port: (wss.address() as AddressInfo).port,
    run() {
      passes.length = 0;
      let seq = 0;
      const t = setInterval(() => void bus.publish(CHANNELS.ticks, encodeTickBatch(tickAll(seq++))), 1000 / TICK_HZ);
      return { passes, stop: () => clearInterval(t) };
    },
    async close() {
      await hub.stop();
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
}

/** Same work without a hub: latest value per instrument, one JSON.stringify and send per client per pass. */
function sendLoop(clients: () => Iterable<{ window: string[]; send: (body: unknown) => void }>) {
  const passes: number[] = [];
  let seq = 0;
  const ticker = setInterval(() => tickAll(seq++), 1000 / TICK_HZ);
  const loop = setInterval(() => {
    const t0 = performance.now();
    const now = Date.now();
    for (const c of clients()) {
      const quotes: Record<string, unknown> = {};
      for (const id of c.window) quotes[id] = latest.get(id);
      c.send({ type: 'ltp', now, quotes });
    }
    passes.push(performance.now() - t0);
  }, 1000 / RATE_HZ);
  return {
    passes,
    stop() {
      clearInterval(ticker);
      clearInterval(loop);
    },
  };
}

async function bareWsServer(): Promise<Server> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  const clients = new Map<WebSocket, string[]>();
  wss.on('connection', (s) => {
    s.on('message', (raw: Buffer) =>
      clients.set(s, (JSON.parse(raw.toString()) as { instruments: string[] }).instruments),
    );
  });
  return {
    port: (wss.address() as AddressInfo).port,
    run: () =>
      sendLoop(function* () {
        for (const [s, window] of clients) yield { window, send: (b: unknown) => s.send(JSON.stringify(b)) };
      }),
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
}

async function socketIoServer(): Promise<Server> {
  const http = createServer();
  const io = new IoServer(http, { transports: ['websocket'], perMessageDeflate: false });
  const clients = new Map<IoSocket, string[]>();
  io.on('connection', (s) => {
    s.on('subscribe', (window: string[]) => clients.set(s, window));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    port: (http.address() as AddressInfo).port,
    run: () =>
      sendLoop(function* () {
        for (const [s, window] of clients) yield { window, send: (b: unknown) => s.emit('ltp', b) };
      }),
    async close() {
      io.disconnectSockets(true);
      await new Promise((r) => io.close(() => r(undefined)));
    },
  };
}

// ── orchestration ─────────────────────────────────────────────────────────────────────────────────────────────
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ask = <T>(child: ChildProcess, msg: object, key: string) =>
  new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    if (Object.keys(msg).length > 0) child.send(msg);
  });
const collect = async (children: ChildProcess[]) => {
  const rs = await Promise.all(
    children.map((c) => ask<{ frames: number; bytes: number }>(c, { report: true }, 'frames')),
  );
  return rs.reduce((a, r) => ({ frames: a.frames + r.frames, bytes: a.bytes + r.bytes }), { frames: 0, bytes: 0 });
};

async function measure(kind: Kind, make: () => Promise<Server>) {
  gc();
  await settle(200);
  const before = process.memoryUsage();
  const server = await make();
  const per = Math.ceil(CLIENTS / CHILDREN);
  const self = fileURLToPath(import.meta.url);
  const children = Array.from({ length: CHILDREN }, (_, i) =>
    fork(self, ['client', kind, String(server.port), String(i * per), String(Math.min(per, CLIENTS - i * per))], {
      execArgv: ['--import', 'tsx'],
    }),
  );
  await Promise.all(children.map((c) => ask(c, {}, 'ready')));
  await settle(1_000);
  gc();
  await settle(200);
  const after = process.memoryUsage();
  const running = server.run();
  await settle(1_000); // warm-up
  const r0 = await collect(children);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  running.passes.length = 0;
  await settle(SECONDS * 1_000);
  const cpu = process.cpuUsage(cpu0);
  const elapsedS = (performance.now() - t0) / 1_000;
  const r1 = await collect(children);
  running.stop();
  for (const c of children) c.kill();
  await server.close();
  const framesPerS = (r1.frames - r0.frames) / elapsedS;
  const cpuMsPerS = (cpu.user + cpu.system) / 1_000 / elapsedS;
  return {
    kind,
    framesPerS,
    mbPerS: (r1.bytes - r0.bytes) / elapsedS / 1e6,
    cpuMsPerS,
    framesPerCpuS: framesPerS / (cpuMsPerS / 1_000),
    p50: pct(running.passes, 50),
    p99: pct(running.passes, 99),
    rssPerClientKb: (after.rss - before.rss) / CLIENTS / 1_024,
    heapPerClientKb: (after.heapUsed - before.heapUsed) / CLIENTS / 1_024,
  };
}

if (process.argv[2] === 'client') {
  const [, , , kind, port, from, count] = process.argv;
  await runClients(kind as Kind, Number(port), Number(from), Number(count));
} else {
  const results = [];
  const only = process.env.BENCH_WS_SERVERS?.split(',');
  for (const [kind, make] of [
    ['hub', hubServer],
    ['ws', bareWsServer],
    ['sio', socketIoServer],
  ] as const) {
    if (only && !only.includes(kind)) continue;
    results.push(await measure(kind, make));
    await settle(1_000);
  }
  const label: Record<Kind, string> = { hub: 'our hub', ws: 'bare ws loop', sio: 'socket.io' };
  console.log(
    `ws fan-out: ${CLIENTS} clients × ${WINDOW} of ${INSTRUMENTS.length} instruments, ticks ${TICK_HZ} Hz, sends ${RATE_HZ} Hz, ${SECONDS}s, node ${process.version}${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for exact memory)'}`,
  );
  console.log(
    '| server | frames/s delivered | MB/s | server CPU ms/s | frames per CPU-s | send pass p50 ms | p99 ms | RSS KB/client | heap KB/client |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${label[r.kind]} | ${Math.round(r.framesPerS).toLocaleString('en-US')} | ${r.mbPerS.toFixed(1)} | ${Math.round(r.cpuMsPerS)} | ${Math.round(r.framesPerCpuS).toLocaleString('en-US')} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.rssPerClientKb.toFixed(1)} | ${r.heapPerClientKb.toFixed(1)} |`,
    );
  const [hub, ws, sio] = results;
  if (hub && ws && sio)
    console.log(
      `efficiency (frames per server CPU-second): hub/ws = ${(hub.framesPerCpuS / ws.framesPerCpuS).toFixed(2)}×, hub/socket.io = ${(hub.framesPerCpuS / sio.framesPerCpuS).toFixed(2)}×`,
    );
  process.exit(0);
}
