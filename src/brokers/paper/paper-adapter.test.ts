import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createMemoryBus } from '#src/platform/bus';
import { createVirtualClock } from '#src/platform/clock';
import { createPaperAdapter } from './index';

const ID = 'NFO:NIFTY:2026-12-29:CE:26000' as InstrumentId;
const at = Date.UTC(2026, 10, 26, 5, 0);

test('paper fills: limits wait to be touched, stops trigger, partial fills add up, charges are attached and labelled', async () => {
  const bus = createMemoryBus();
  let q = { ltp: 100_00, bid: 99_95, ask: 100_05 };
  const paper = createPaperAdapter({
    bus,
    clock: createVirtualClock(at),
    accountId: 'acct-1',
    quote: async () => q as unknown as Tick,
    maxFillUnitsPerQuote: 65,
    slippagePaise: 5,
  });
  const base = { instrumentId: ID, product: 'INTRADAY' as const, qtyUnits: 130 };
  const limit = await paper.createOrder({
    ...base,
    clientOrderId: 'L1',
    side: 'BUY',
    orderType: 'LIMIT',
    limitPricePaise: 99_00 as Paise,
  });
  assert.equal((await paper.fetchOrder(limit.brokerOrderId))?.status, 'OPEN');
  const stop = await paper.createOrder({
    ...base,
    clientOrderId: 'S1',
    side: 'SELL',
    orderType: 'SL-M',
    triggerPricePaise: 95_00 as Paise,
  });
  assert.equal((await paper.fetchOrder(stop.brokerOrderId))?.status, 'TRIGGER_PENDING');
  q = { ltp: 94_00, bid: 93_95, ask: 94_05 }; // the limit is touched and the stop triggers
  const once = await paper.fetchOrder(limit.brokerOrderId);
  assert.deepEqual([once?.status, once?.filledQtyUnits, once?.avgPricePaise], ['PARTIALLY_FILLED', 65, 94_05]);
  const twice = await paper.fetchOrder(limit.brokerOrderId);
  assert.deepEqual([twice?.status, twice?.filledQtyUnits], ['FILLED', 130]);
  const stopped = await paper.fetchOrder(stop.brokerOrderId);
  assert.equal(stopped?.avgPricePaise, 93_90); // the bid less 5 paise of slippage
  const fills = await paper.fetchFills();
  assert.ok(fills.length >= 3);
  for (const f of fills) {
    const raw = f.raw as { simulated: boolean; charges: { total: number; stt: number } };
    assert.equal(raw.simulated, true);
    assert.ok(raw.charges.total > 0);
    if (f.side === 'SELL') assert.ok(raw.charges.stt > 0, 'STT is charged on option sells');
  }
  await bus.close();
});

test('paper orders record the algo id they were sent with', async () => {
  const bus = createMemoryBus();
  try {
    const paper = createPaperAdapter({
      bus,
      clock: createVirtualClock(at),
      accountId: 'acct-2',
      quote: async () => ({ ltp: 100_00, bid: 99_95, ask: 100_05 }) as unknown as Tick,
    });
    const base = { instrumentId: ID, product: 'INTRADAY' as const, qtyUnits: 65, side: 'BUY' as const };
    const tagged = await paper.createOrder({ ...base, clientOrderId: 'A1', orderType: 'MARKET', algoId: 'ALGO42' });
    const bare = await paper.createOrder({ ...base, clientOrderId: 'A2', orderType: 'MARKET' });
    assert.equal((await paper.fetchOrder(tagged.brokerOrderId))?.algoId, 'ALGO42');
    assert.equal((await paper.fetchOrderByTag('A1'))?.algoId, 'ALGO42');
    assert.equal((await paper.fetchOrder(bare.brokerOrderId))?.algoId, undefined);
  } finally {
    await bus.close();
  }
});
