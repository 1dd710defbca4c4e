/**
 * Feed ingest benchmark (not a test): ticks from a source → normalise → candles → LTP cache write + batched
 * publish, on the memory bus and on Redis, against a baseline of the naive path (one hash write and one publish
 * per tick, awaited in turn) in the same run.
 *   1. throughput: 500-tick batches back to back over a 2,000-instrument chain; ticks/s by wall time and per
 *      CPU-second of this process (per core);
 *   2. latency: a paced 50,000 ticks/s (100-tick batches every 2 ms); per-tick time from the source handing it
 *      over to a subscriber receiving the published batch; p50/p99.
 * Run: node --import tsx bench/feed.bench.ts   (Redis optional: skipped when 127.0.0.1:6379 is down;
 *      BENCH_FEED_SUBSCRIBER=child measures the Redis rows with the subscriber in its own process)
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import {
  createFeed,
  createLtpCache,
  decodeTickBatch,
  encodeTickBatch,
  type FeedSource,
  loadMarketReference,
} from '#src/market';
import { type Bus, CHANNELS, createMemoryBus, createRedisBus, KEYS } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import { dropRedisKeys, REDIS_URL, uniqueName } from '#test/support/services';

const INSTRUMENTS = Array.from(
  { length: 2_000 },
  (_, i) => `NFO:NIFTY:2026-12-08:${i % 2 ? 'PE' : 'CE'}:${20_000 + Math.floor(i / 2) * 50}` as InstrumentId,
);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const { calendar } = loadMarketReference();

/** Wall time in µs since the epoch, comparable between processes on this machine. */
const epochUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** Send time rides in `volume` (epoch µs) so a subscriber, here or in another process, can measure latency. */
const makeBatch = (from: number, size: number, seq: number): Tick[] => {
  const sentUs = epochUs();
  const out: Tick[] = [];
  for (let i = 0; i < size; i++) {
    const p = (10_000 + ((seq + i) % 400) * 5) as Paise;
    out.push({ id: INSTRUMENTS[(from + i) % INSTRUMENTS.length]!, ltp: p, bid: p, ask: p, volume: sentUs, ts: 0 });
  }
  return out;
};

interface Pipeline {
  push(ticks: Tick[]): void;
  drain(): Promise<void>;
  stop(): Promise<void>;
}

async function ourPipeline(bus: Bus): Promise<Pipeline> {
  let emit: (t: Tick[]) => void = () => {};
  const source: FeedSource = {
    name: 'bench',
    start: async (fn) => {
      emit = fn;
    },
    stop: async () => {},
  };
  const clock = createVirtualClock(istInstant('2026-12-01', '10:00'));
  const feed = await createFeed({
    source,
    bus,
    clock,
    calendar,
    ltpCache: createLtpCache(bus),
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    instance: 'bench',
    maxWritesInFlight: process.env.BENCH_FEED_INFLIGHT ? Number(process.env.BENCH_FEED_INFLIGHT) : undefined,
  });
  return { push: (t) => emit(t), drain: () => feed.drain(), stop: () => feed.stop() };
}

/** The baseline: what a first feed loop does — one awaited write and one awaited publish per tick. */
async function naivePipeline(bus: Bus): Promise<Pipeline> {
  let chain = Promise.resolve();
  const one = async (t: Tick) => {
    await bus.hset(`${KEYS.ltp}:${t.id}`, {
      ltp: String(t.ltp),
      bid: String(t.bid),
      ask: String(t.ask),
      ts: String(t.ts),
    });
    await bus.publish(`${CHANNELS.ticks}.one`, encodeTickBatch([t]));
  };
  return {
    push(ticks) {
      chain = chain.then(async () => {
        for (const t of ticks) await one(t);
      });
    },
    drain: () => chain,
    stop: () => chain,
  };
}

/** The transport floor: one publish per source batch, nothing else (no cache, candles or coalescing). */
async function floorPipeline(bus: Bus): Promise<Pipeline> {
  const inFlight = new Set<Promise<void>>();
  return {
    push(ticks) {
      const p = bus.publish(`${CHANNELS.ticks}.floor`, encodeTickBatch(ticks)).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    drain: async () => {
      await Promise.all([...inFlight]);
    },
    stop: async () => {
      await Promise.all([...inFlight]);
    },
  };
}

async function throughput(p: Pipeline): Promise<{ wall: number; perCore: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let ticks = 0;
  for (let seq = 0; performance.now() - t0 < SECONDS * 1000; seq++) {
    p.push(makeBatch(seq * 500, 500, seq));
    ticks += 500;
    await p.drain();
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: ticks / wallS, perCore: ticks / ((cpu.user + cpu.system) / 1e6) };
}

interface Latency {
  p50: number;
  p99: number;
  n: number;
  /** p99 of this process's event-loop delay during the phase (ms): the share of p99 that is CPU waiting. */
  loopP99: number;
}

/** Collects per-tick latencies (ms) of the ticks published on `channel` from now on. */
interface LatencyProbe {
  stop(): Promise<{ p50: number; p99: number; n: number }>;
}

const summarise = (samples: Float64Array) => {
  const s = samples.sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), n: s.length };
};

/** A subscriber in this process: the only choice on the memory bus. */
async function probeHere(bus: Bus, channel: string): Promise<LatencyProbe> {
  const samples = new Float64Array(2_000_000);
  let n = 0;
  const sub = await bus.subscribe(channel, (m) => {
    const nowUs = epochUs();
    for (const t of decodeTickBatch(m)) if (n < samples.length) samples[n++] = (nowUs - t.volume) / 1000;
  });
  return {
    async stop() {
      await sub.unsubscribe();
      return summarise(samples.subarray(0, n));
    },
  };
}

/**
 * A subscriber in its own process, as the hub and the strategy engine are in production: the feed process's
 * measured latency then carries its own work and garbage, not the subscriber's.
 */
async function probeElsewhere(namespace: string, channel: string): Promise<LatencyProbe> {
  const child = fork(fileURLToPath(import.meta.url), ['subscriber', namespace, channel], {
    execArgv: ['--import', 'tsx'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`subscriber exited with ${code}`)));
  });
  return {
    async stop() {
      const result = new Promise<{ p50: number; p99: number; n: number }>((resolve) =>
        child.once('message', (m) => resolve(m as { p50: number; p99: number; n: number })),
      );
      child.send('stop');
      return result;
    },
  };
}

/** The child side of `probeElsewhere`. */
async function runSubscriber(namespace: string, channel: string): Promise<void> {
  const bus = createRedisBus({ url: REDIS_URL, namespace });
  const probe = await probeHere(bus, channel);
  process.once('message', async () => {
    process.send?.(await probe.stop());
    await bus.close();
    process.exit(0);
  });
  process.send?.('ready');
}

async function latency(p: Pipeline, probe: () => Promise<LatencyProbe>): Promise<Latency> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const sub = await probe();
  const t0 = performance.now();
  loop.enable();
  for (let seq = 0; performance.now() - t0 < SECONDS * 1000; seq++) {
    p.push(makeBatch(seq * 100, 100, seq));
    await new Promise((r) => setTimeout(r, 2));
  }
  await p.drain();
  loop.disable();
  await new Promise((r) => setTimeout(r, 100));
  return { ...(await sub.stop()), loopP99: loop.percentile(99) / 1e6 };
}

async function runOn(name: string, makeBus: () => Bus, probe: (bus: Bus, channel: string) => Promise<LatencyProbe>) {
  const rows: string[] = [];
  for (const [label, make, channel] of [
    ['ours (batched, pipelined)', ourPipeline, CHANNELS.ticks],
    ['baseline (per-tick, awaited)', naivePipeline, `${CHANNELS.ticks}.one`],
    ['floor (publish only)', floorPipeline, `${CHANNELS.ticks}.floor`],
  ] as const) {
    const bus = makeBus();
    const p = await make(bus);
    const t = await throughput(p);
    const l = await latency(p, () => probe(bus, channel));
    await p.stop();
    await bus.close();
    rows.push(
      `| ${name} | ${label} | ${Math.round(t.wall).toLocaleString('en-US')} | ${Math.round(t.perCore).toLocaleString('en-US')} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${l.loopP99.toFixed(2)} |`,
    );
  }
  return rows;
}

async function redisUp(): Promise<boolean> {
  const bus = createRedisBus({ url: REDIS_URL, namespace: uniqueName('bench') });
  try {
    await bus.set('probe', '1', 1_000);
    return true;
  } catch {
    return false;
  } finally {
    await bus.close().catch(() => undefined);
  }
}

if (process.argv[2] === 'subscriber') {
  await runSubscriber(process.argv[3] ?? '', process.argv[4] ?? '');
  await new Promise(() => {}); // runs until the parent says stop
}

const rows = await runOn('memory', () => createMemoryBus(), probeHere);
if (await redisUp()) {
  let namespace = '';
  const redisBus = () => {
    namespace = uniqueName('bench');
    return createRedisBus({ url: REDIS_URL, namespace });
  };
  const here = process.env.BENCH_FEED_SUBSCRIBER !== 'child';
  rows.push(
    ...(await runOn('redis', redisBus, (bus, channel) =>
      here ? probeHere(bus, channel) : probeElsewhere(namespace, channel),
    )),
  );
} else console.log('Redis not reachable at', REDIS_URL, '— Redis rows skipped');
console.log(`feed ingest, ${SECONDS}s per phase, ${INSTRUMENTS.length} instruments, node ${process.version}`);
console.log(
  '| bus | pipeline | ticks/s (wall) | ticks/s per core | p50 ms | p99 ms (at 50k ticks/s offered) | event-loop delay p99 ms |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
await dropRedisKeys(`bench_${process.pid}_`).catch(() => 0);
process.exit(0);
