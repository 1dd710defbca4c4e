import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { istDate, istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import type { Candle } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createCandleStore, createLiveCandles } from '#src/market';
import { type RunningPlatform, startPlatform } from '#src/roles';

const NIFTY = 'NSE_INDEX:NIFTY' as InstrumentId;
const bar = (start: number, close: number): Candle => ({
  id: NIFTY,
  timeframeMin: 5,
  start,
  open: 2_400_000 as Paise,
  high: (close + 500) as Paise,
  low: 2_399_000 as Paise,
  close: close as Paise,
  volume: 0,
});

describe('chart data API', () => {
  let running: RunningPlatform;
  let url: string;
  let cookie: string;
  before(async () => {
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'true' },
      roles: ['api'],
    });
    url = running.url ?? '';
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'asha@mynrobo.local', password: 'trader-demo-1' }),
    });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  after(async () => running?.stop());
  const get = (path: string, withCookie = true) => fetch(`${url}${path}`, { headers: withCookie ? { cookie } : {} });

  test('serves stored candles of one timeframe in a window, oldest first; a replayed bar replaces the stored one', async () => {
    const t0 = istInstant('2026-12-01', '09:15');
    const store = createCandleStore(running.platform.store.db);
    await store.saveCandles([bar(t0, 2_400_100), bar(t0 + 300_000, 2_400_200), bar(t0 + 600_000, 2_400_300)]);
    await store.saveCandles([bar(t0 + 300_000, 2_400_250)]);
    const res = await get(`/api/v1/charts/candles?instrumentId=${NIFTY}&timeframeMin=5&from=${t0}&to=${t0 + 600_000}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { candles: Array<{ start: number; close: number }> };
    assert.deepEqual(
      body.candles.map((c) => [c.start - t0, c.close]),
      [
        [0, 2_400_100],
        [300_000, 2_400_250],
      ],
    );
  });

  test("ends with the feed's in-progress bar of the current interval, flagged, until the closed bar is stored", async () => {
    const { clock, store, bus } = running.platform;
    const SPAN = 15 * 60_000;
    // The demo clock runs fast: start in an interval with room left, so it cannot close during the test.
    while (clock.now() % SPAN > SPAN - 300_000) await new Promise((r) => setTimeout(r, 100));
    const start = Math.floor(clock.now() / SPAN) * SPAN;
    const bar15 = (at: number, close: number): Candle => ({ ...bar(at, close), timeframeMin: 15 });
    await createCandleStore(store.db).saveCandles([bar15(start - SPAN, 2_400_100)]);
    const live = createLiveCandles(bus);
    await live.write([bar15(start, 2_400_700), { ...bar15(start - 10 * SPAN, 2_400_900), timeframeMin: 1 }]);
    const read = async (tf: number) => {
      const res = await get(`/api/v1/charts/candles?instrumentId=${NIFTY}&timeframeMin=${tf}&from=${start - 2 * SPAN}`);
      assert.equal(res.status, 200);
      return ((await res.json()) as { candles: Array<{ start: number; close: number; inProgress?: boolean }> }).candles;
    };
    assert.deepEqual(
      (await read(15)).map((c) => [c.start - start, c.close, c.inProgress ?? false]),
      [
        [-SPAN, 2_400_100, false],
        [0, 2_400_700, true],
      ],
    );
    await live.write([bar15(start, 2_400_750)]);
    assert.equal((await read(15)).at(-1)?.close, 2_400_750, 'the last bar moves with the feed');
    assert.deepEqual(await read(1), [], "a past interval's unfinished bar is not shown as current");
    await createCandleStore(store.db).saveCandles([bar15(start, 2_400_800)]);
    assert.deepEqual(
      (await read(15)).map((c) => [c.start - start, c.close, c.inProgress ?? false]),
      [
        [-SPAN, 2_400_100, false],
        [0, 2_400_800, false],
      ],
      'once stored, the closed bar replaces the in-progress one',
    );
  });

  test('rejects a bad timeframe or instrument id, and anonymous callers', async () => {
    assert.equal((await get(`/api/v1/charts/candles?instrumentId=${NIFTY}&timeframeMin=2`)).status, 400);
    assert.equal((await get('/api/v1/charts/candles?instrumentId=NIFTY&timeframeMin=5')).status, 400);
    assert.equal((await get(`/api/v1/charts/candles?instrumentId=${NIFTY}&timeframeMin=5`, false)).status, 401);
    assert.equal((await get('/api/v1/charts/pnl', false)).status, 401);
  });

  test("serves the trader's own P&L series for a day", async () => {
    const res = await get('/api/v1/charts/pnl');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { day: string; points: unknown[]; realisedPaise: number };
    assert.equal(body.day, istDate(running.platform.clock.now()));
    assert.ok(Array.isArray(body.points));
    assert.equal(
      body.realisedPaise,
      (body.points as Array<{ pnlPaise: number }>).reduce((s, p) => s + p.pnlPaise, 0),
    );
  });
});
