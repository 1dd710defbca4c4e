import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createVirtualClock } from '#src/platform/clock';
import { createReplaySource } from './replay-source';
import { parseTickCsv } from './tick-csv';

const T0 = Date.UTC(2026, 10, 27, 3, 45); // 09:15 IST
const tick = (ts: number, id: string, ltp: number): Tick => ({
  ts,
  id: id as InstrumentId,
  ltp: ltp as Paise,
  bid: ltp as Paise,
  ask: ltp as Paise,
  volume: 0,
});
const RECORDING = [
  tick(T0, 'NSE_INDEX:NIFTY', 100),
  tick(T0, 'NFO:NIFTY:2026-12-01:CE:24000', 5),
  tick(T0 + 250, 'NSE_INDEX:NIFTY', 101),
  tick(T0 + 1000, 'NSE_INDEX:NIFTY', 102),
  tick(T0 + 1000, 'NFO:NIFTY:2026-12-01:PE:24000', 7),
  tick(T0 + 1000, 'NFO:NIFTY:2026-12-01:CE:24000', 6),
];

function record(start: number, opts: { speed?: number; retime?: boolean } = {}) {
  const clock = createVirtualClock(start);
  const calls: Array<{ at: number; ticks: Tick[] }> = [];
  const source = createReplaySource({
    clock,
    ticks: RECORDING,
    ...opts,
    onTicks: (ticks) => {
      calls.push({ at: clock.now(), ticks });
    },
  });
  return { clock, source, calls };
}

describe('createReplaySource', () => {
  test('emits each recorded instant as one batch, in order, at its own timestamp', async () => {
    const { clock, source, calls } = record(T0 - 5000);
    source.start();
    await clock.advanceTo(T0 - 1);
    assert.equal(calls.length, 0);
    await clock.advanceTo(T0 + 5000);
    await source.done;
    assert.deepEqual(
      calls.map((c) => c.at),
      [T0, T0 + 250, T0 + 1000],
    );
    assert.deepEqual(
      calls.flatMap((c) => c.ticks),
      RECORDING,
    );
    assert.deepEqual(
      calls.map((c) => c.ticks.length),
      [2, 1, 3],
    );
  });

  test('compresses gaps by the speed and shifts a recording that lies in the past to start now', async () => {
    const start = T0 + 86_400_000;
    const { clock, source, calls } = record(start, { speed: 4 });
    source.start();
    await clock.advanceBy(1000);
    assert.deepEqual(
      calls.map((c) => c.at - start),
      [0, 62.5, 250],
    );
    assert.equal(calls[1]!.ticks[0]!.ts, T0 + 250, 'recorded ts kept');
  });

  test('stamps ticks with the emission time when asked to retime', async () => {
    const start = T0 + 60_000;
    const { clock, source, calls } = record(start, { retime: true });
    source.start();
    await clock.advanceBy(2000);
    assert.deepEqual(
      calls.flatMap((c) => c.ticks.map((t) => t.ts)),
      [start, start, start + 250, start + 1000, start + 1000, start + 1000],
    );
  });

  test('waits for an async consumer before the next batch and stops on request', async () => {
    const clock = createVirtualClock(T0);
    const seen: number[] = [];
    const source = createReplaySource({
      clock,
      ticks: RECORDING,
      onTicks: async (ticks) => {
        await clock.sleep(600);
        seen.push(...ticks.map((t) => t.ltp));
      },
    });
    source.start();
    await clock.advanceBy(700);
    assert.deepEqual(seen, [100, 5]);
    source.stop();
    await source.done;
    await clock.advanceBy(5000);
    assert.deepEqual(seen, [100, 5, 101], 'the batch in flight finishes, nothing after');
  });

  test('rejects done when the consumer fails', async () => {
    const clock = createVirtualClock(T0);
    const source = createReplaySource({
      clock,
      ticks: RECORDING,
      onTicks: () => {
        throw new Error('disk full');
      },
    });
    const failed = assert.rejects(
      source.done,
      (e: Error) => /onTicks failed/.test(e.message) && /disk full/.test(String(e.cause)),
    );
    source.start();
    await clock.advanceBy(0);
    await failed;
  });

  test('refuses unsorted ticks and a non-positive speed', () => {
    const clock = createVirtualClock(T0);
    const onTicks = () => {};
    const unsorted = [RECORDING[3]!, RECORDING[0]!];
    assert.throws(() => createReplaySource({ clock, ticks: unsorted, onTicks }), /sorted by ts: #1/);
    assert.throws(() => createReplaySource({ clock, ticks: RECORDING, speed: 0, onTicks }), /speed/);
  });

  test('replays a parsed CSV and finishes', async () => {
    const clock = createVirtualClock(T0);
    const ticks = parseTickCsv(
      `ts,id,ltp,bid,ask,volume\n${T0 + 10},NSE_INDEX:NIFTY,24000,24000,24000,0\n${T0 + 20},NSE_INDEX:NIFTY,24001.5,24001.5,24001.5,0`,
    );
    const ltps: number[] = [];
    const source = createReplaySource({ clock, ticks, onTicks: (batch) => void ltps.push(...batch.map((t) => t.ltp)) });
    source.start();
    await clock.advanceBy(100);
    await source.done;
    assert.deepEqual(ltps, [2_400_000, 2_400_150]);
  });
});
