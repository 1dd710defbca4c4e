import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTickCsv } from '#sim/exchange';
import { istInstant } from '#src/domain/calendar';
import type { Candle } from '#src/domain/market/tick';
import { CHANNELS, createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { createLogger } from '#src/platform/log';
import { createMetrics } from '#src/platform/metrics';
import { createReplayFeedSource } from '#src/platform/sim-feed-sources';
import { createLtpCache } from '../ltp-cache';
import { loadMarketReference } from '../reference-data';
import { createFeed } from './feed';

test('a replayed tick file flows through the feed: LTP cache holds the last ticks, closed candles are published', async () => {
  const recorded = parseTickCsv(readFileSync(new URL('../candles/fixtures/known-ticks.csv', import.meta.url), 'utf8'));
  const ticks = [...recorded].sort((a, b) => a.ts - b.ts);
  const clock = createVirtualClock(istInstant('2026-12-01', '09:14'));
  const bus = createMemoryBus();
  const candles: Candle[] = [];
  await bus.subscribe(CHANNELS.candlePattern(1), (m) => candles.push(m as unknown as Candle));
  const feed = await createFeed({
    source: createReplayFeedSource({ clock, ticks }),
    bus,
    clock,
    ltpCache: createLtpCache(bus),
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    calendar: loadMarketReference().calendar,
    instance: 'test',
  });
  await clock.advanceTo(istInstant('2026-12-01', '09:35'));
  await feed.drain();
  await feed.stop();
  const last = await createLtpCache(bus).read(ticks.at(-1)!.id);
  assert.equal(last?.ltp, 2_406_000);
  const nifty = candles.filter((c) => c.id === 'NSE_INDEX:NIFTY').map((c) => c.start);
  assert.deepEqual(
    nifty,
    ['09:15', '09:16', '09:17', '09:18', '09:20', '09:29', '09:30'].map((t) => istInstant('2026-12-01', t)),
  );
});
