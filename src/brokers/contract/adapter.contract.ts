/**
 * The one contract suite every BrokerAdapter passes: paper, and each live broker against its simulator.
 * A harness gives the adapter, an instrument to trade and, where the implementation can, a way to move the
 * market and to inject faults. A test that needs a missing control is skipped with the reason named.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Paise } from '#src/domain/money/paise';
import { registerErrors, registerUnknownOutcomes } from './adapter-contract-errors';
import {
  type AdapterHarness,
  BASE,
  type Below,
  eventually,
  type MakeOrder,
  nextId,
  statusOf,
  type WithHarness,
} from './adapter-contract-support';
import type { OrderRequest } from './types';

export type {
  AdapterHarness,
  HarnessFaults,
  HarnessQuote,
  InjectableRefusal,
} from './adapter-contract-support';

/** Registers the shared adapter contract tests for one implementation. */
export function describeAdapterContract(name: string, makeHarness: () => Promise<AdapterHarness>): void {
  const withHarness: WithHarness = (fn) => async (t) => {
    const h = await makeHarness();
    try {
      h.setPrice?.(BASE);
      await fn(h, t);
    } finally {
      await h.cleanup();
    }
  };
  const order = (h: AdapterHarness, over: Partial<OrderRequest> = {}): OrderRequest => ({
    clientOrderId: nextId(),
    instrumentId: h.instrument,
    side: 'BUY',
    qtyUnits: h.lotSize,
    orderType: 'MARKET',
    product: 'INTRADAY',
    ...over,
  });
  const below = (h: AdapterHarness, ticks: number) => (BASE.bidPaise - ticks * h.tickPaise) as Paise;

  describe(`${name}: broker adapter contract`, () => {
    registerRoundTrips(withHarness, order, below);
    registerErrors(withHarness, order, below);
    registerUnknownOutcomes(withHarness, order);
  });
}

function registerRoundTrips(withHarness: WithHarness, order: MakeOrder, below: Below) {
  test(
    'fills a MARKET buy at the ask and shows it in the order book, trade book and positions',
    withHarness(async (h) => {
      const req = order(h);
      const ack = await h.adapter.createOrder(req);
      const filled = await statusOf(h, ack.brokerOrderId, ['FILLED']);
      assert.equal(filled.clientOrderId, req.clientOrderId);
      assert.equal(filled.instrumentId, h.instrument);
      assert.equal(filled.filledQtyUnits, h.lotSize);
      if (h.setPrice) assert.equal(filled.avgPricePaise, BASE.askPaise);
      assert.ok((await h.adapter.fetchOrders()).some((o) => o.brokerOrderId === ack.brokerOrderId));
      const fills = (await h.adapter.fetchFills()).filter((f) => f.brokerOrderId === ack.brokerOrderId);
      assert.equal(
        fills.reduce((s, f) => s + f.qtyUnits, 0),
        h.lotSize,
      );
      const pos = (await h.adapter.fetchPositions()).find((p) => p.instrumentId === h.instrument);
      assert.equal(pos?.netQtyUnits, h.lotSize);
      assert.ok((await h.adapter.fetchFunds()).availablePaise >= 0);
    }),
  );

  test(
    'rests a LIMIT buy below the market, modifies its price, then cancels it',
    withHarness(async (h) => {
      const ack = await h.adapter.createOrder(order(h, { orderType: 'LIMIT', limitPricePaise: below(h, 20) }));
      await statusOf(h, ack.brokerOrderId, ['OPEN']);
      await h.adapter.modifyOrder({
        brokerOrderId: ack.brokerOrderId,
        orderType: 'LIMIT',
        limitPricePaise: below(h, 10),
      });
      const modified = await eventually('the new limit price', async () => {
        const o = await h.adapter.fetchOrder(ack.brokerOrderId);
        return o?.limitPricePaise === below(h, 10) ? o : undefined;
      });
      assert.equal(modified.status, 'OPEN');
      await h.adapter.cancelOrder(ack.brokerOrderId);
      const cancelled = await statusOf(h, ack.brokerOrderId, ['CANCELLED']);
      assert.equal(cancelled.filledQtyUnits, 0);
    }),
  );

  test(
    'fills a resting LIMIT buy once the market comes down to it',
    withHarness(async (h, t) => {
      if (!h.setPrice) return t.skip('the harness cannot move prices');
      const limit = below(h, 20);
      const ack = await h.adapter.createOrder(order(h, { orderType: 'LIMIT', limitPricePaise: limit }));
      await statusOf(h, ack.brokerOrderId, ['OPEN']);
      h.setPrice({ ltpPaise: limit, bidPaise: limit - h.tickPaise, askPaise: limit });
      const filled = await statusOf(h, ack.brokerOrderId, ['FILLED']);
      assert.ok(filled.avgPricePaise <= limit);
    }),
  );

  test(
    'holds a stop-loss sell until its trigger, then fills it',
    withHarness(async (h, t) => {
      if (!h.setPrice) return t.skip('the harness cannot move prices');
      const trigger = below(h, 10);
      const req = order(h, {
        side: 'SELL',
        orderType: 'SL',
        triggerPricePaise: trigger,
        limitPricePaise: below(h, 30),
      });
      const ack = await h.adapter.createOrder(req);
      await statusOf(h, ack.brokerOrderId, ['TRIGGER_PENDING', 'OPEN']);
      h.setPrice({ ltpPaise: trigger - h.tickPaise, bidPaise: trigger - 2 * h.tickPaise, askPaise: trigger });
      await statusOf(h, ack.brokerOrderId, ['FILLED']);
    }),
  );

  test(
    'reports partial fills as PARTIALLY_FILLED with the filled quantity, then FILLED',
    withHarness(async (h, t) => {
      if (!h.faults?.partialFills) return t.skip('the harness cannot split fills');
      h.faults.partialFills({ unitsPerFill: h.lotSize, gapMs: 400 });
      const ack = await h.adapter.createOrder(order(h, { qtyUnits: 3 * h.lotSize }));
      const partial = await statusOf(h, ack.brokerOrderId, ['PARTIALLY_FILLED']);
      assert.ok(partial.filledQtyUnits > 0 && partial.filledQtyUnits < 3 * h.lotSize);
      const filled = await statusOf(h, ack.brokerOrderId, ['FILLED']);
      assert.equal(filled.filledQtyUnits, 3 * h.lotSize);
    }),
  );

  test(
    'finds an order by its client order id, and nothing for an unknown one',
    withHarness(async (h) => {
      const req = order(h, { orderType: 'LIMIT', limitPricePaise: below(h, 20) });
      const ack = await h.adapter.createOrder(req);
      const found = await h.adapter.fetchOrderByTag(req.clientOrderId);
      assert.equal(found?.brokerOrderId, ack.brokerOrderId);
      assert.equal(await h.adapter.fetchOrderByTag(nextId()), undefined);
      assert.equal(await h.adapter.fetchOrder('999999999999'), undefined);
    }),
  );
}
