/**
 * Feed ingest benchmark (not a test): ticks from a source → normalise → candles → LTP cache write + batched
 * publish, on the memory bus and on Redis, against a baseline of the naive path (one hash write and one publish
 * per tick, awaited in turn) in the same run.
 *   1. throughput: 500-tick batches back to back over a 2,000-instrument chain; ticks/s by wall time and per
 *      CPU-second of this process (per core);
 *   2. latency: a paced 50,000 ticks/s (100-tick batches every 2 ms); per-tick time from the source handing it
 *      over to a subscriber receiving the published batch; p50/p99.
 * Run: node --import tsx bench/feed.bench.ts   (Redis optional: skipped when 127.0.0.1:6379 is down)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createFeed, createLtpCache, type FeedSource, loadMarketReference } from '#src/market';
import { type Bus, CHANNELS, createMemoryBus, createRedisBus, type Json, KEYS } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import { REDIS_URL, uniqueName } from '#test/support/services';

const INSTRUMENTS = Array.from(
  { length: 2_000 },
  (_, i) => `NFO:NIFTY:2026-12-08:${i % 2 ? 'PE' : 'CE'}:${20_000 + Math.floor(i / 2) * 50}` as InstrumentId,
);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const { calendar } = loadMarketReference();

/** Send time rides in `volume` (µs of performance.now()) so the subscriber can measure per-tick latency. */
const makeBatch = (from: number, size: number, seq: number): Tick[] => {
  const sentUs = Math.round(performance.now() * 1000);
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
    await bus.publish(`${CHANNELS.ticks}.one`, [t] as unknown as Json);
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
      const p = bus.publish(`${CHANNELS.ticks}.floor`, ticks as unknown as Json).finally(() => inFlight.delete(p));
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

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

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

async function latency(p: Pipeline, bus: Bus, channel: string): Promise<Latency> {
  const samples: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const sub = await bus.subscribe(channel, (m) => {
    const nowUs = performance.now() * 1000;
    for (const t of m as unknown as Tick[]) samples.push((nowUs - t.volume) / 1000);
  });
  const t0 = performance.now();
  loop.enable();
  for (let seq = 0; performance.now() - t0 < SECONDS * 1000; seq++) {
    p.push(makeBatch(seq * 100, 100, seq));
    await new Promise((r) => setTimeout(r, 2));
  }
  await p.drain();
  loop.disable();
  await new Promise((r) => setTimeout(r, 100));
  await sub.unsubscribe();
  return { p50: pct(samples, 50), p99: pct(samples, 99), n: samples.length, loopP99: loop.percentile(99) / 1e6 };
}

async function runOn(name: string, makeBus: () => Bus) {
  const rows: string[] = [];
  for (const [label, make, channel] of [
    ['ours (batched, pipelined)', ourPipeline, CHANNELS.ticks],
    ['baseline (per-tick, awaited)', naivePipeline, `${CHANNELS.ticks}.one`],
    ['floor (publish only)', floorPipeline, `${CHANNELS.ticks}.floor`],
  ] as const) {
    const bus = makeBus();
    const p = await make(bus);
    const t = await throughput(p);
    const l = await latency(p, bus, channel);
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

const rows = await runOn('memory', () => createMemoryBus());
if (await redisUp())
  rows.push(...(await runOn('redis', () => createRedisBus({ url: REDIS_URL, namespace: uniqueName('bench') }))));
else console.log('Redis not reachable at', REDIS_URL, '— Redis rows skipped');
console.log(`feed ingest, ${SECONDS}s per phase, ${INSTRUMENTS.length} instruments, node ${process.version}`);
console.log(
  '| bus | pipeline | ticks/s (wall) | ticks/s per core | p50 ms | p99 ms (at 50k ticks/s offered) | event-loop delay p99 ms |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
process.exit(0);
