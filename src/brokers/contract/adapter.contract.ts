/**
 * The one contract suite every BrokerAdapter passes: paper, and each live broker against its simulator.
 * A harness gives the adapter, an instrument to trade and, where the implementation can, a way to move the
 * market and to inject faults. A test that needs a missing control is skipped with the reason named.
 */
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';
import type { BrokerAdapter } from './broker-adapter';
import { BrokerError, type BrokerErrorCode, isRetryable, isSessionError } from './errors';
import type { BrokerOrder, BrokerOrderStatus, OrderRequest } from './types';

/** A quote of the harness instrument, in paise. */
export interface HarnessQuote {
  readonly ltpPaise: number;
  readonly bidPaise: number;
  readonly askPaise: number;
}

/** Refusals a harness can make the broker answer, by the code the adapter must map them to. */
export type InjectableRefusal = 'REJECTED' | 'INVALID_ORDER' | 'INSUFFICIENT_FUNDS' | 'RATE_LIMITED';

/** Fault controls, each optional: a harness offers what its broker (or simulator) can do. */
export interface HarnessFaults {
  /** The next write is carried out at the broker, but its reply never arrives. */
  timeoutNextWrite?(): void;
  /** The next write is carried out and answered without an acknowledgement. */
  noAckNextWrite?(): void;
  /** The next write fails with a server error (5xx) before anything is done. */
  unavailableNextWrite?(): void;
  /** The next write is refused with a broker error that maps to `code`. */
  rejectNextWrite?(code: InjectableRefusal): void;
  /** Fills arrive in pieces of `unitsPerFill`, at least `gapMs` apart. */
  partialFills?(p: { unitsPerFill: number; gapMs: number }): void;
  /** The broker session stops working from now on. */
  expireSession?(): void;
  /** How many orders the broker holds for this account. */
  orderCount?(): number;
}

/** What a contract run needs from an implementation. */
export interface AdapterHarness {
  readonly adapter: BrokerAdapter;
  /** A liquid instrument the broker lists, with its lot size and tick (paise). */
  readonly instrument: InstrumentId;
  readonly lotSize: number;
  readonly tickPaise: number;
  /** Moves the instrument's market; absent where prices cannot be steered. */
  setPrice?(q: HarnessQuote): void;
  readonly faults?: HarnessFaults;
  cleanup(): Promise<void>;
}

const BASE: HarnessQuote = { ltpPaise: 10_000, bidPaise: 9_995, askPaise: 10_005 };
let seq = 0;
const nextId = () => `ct${Date.now().toString(36)}${(seq++).toString(36)}`.slice(0, 20);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the order reaches one of `statuses`; returns it. */
async function statusOf(h: AdapterHarness, id: string, statuses: BrokerOrderStatus[]): Promise<BrokerOrder> {
  return eventually(`order ${id} to be ${statuses.join('/')}`, async () => {
    const o = await h.adapter.fetchOrder(id);
    return o && statuses.includes(o.status) ? o : undefined;
  });
}

async function expectBrokerError(p: Promise<unknown>, code: BrokerErrorCode): Promise<BrokerError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BrokerError, `expected a BrokerError, got ${String(e)}`);
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

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

type WithHarness = (fn: (h: AdapterHarness, t: TestContext) => Promise<void>) => (t: TestContext) => Promise<void>;
type MakeOrder = (h: AdapterHarness, over?: Partial<OrderRequest>) => OrderRequest;
type Below = (h: AdapterHarness, ticks: number) => Paise;

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

function registerErrors(withHarness: WithHarness, order: MakeOrder, below: Below) {
  test(
    'refuses a quantity that is not a whole number of lots as INVALID_ORDER',
    withHarness(async (h, t) => {
      if (h.lotSize < 2) return t.skip('the instrument trades in single units');
      const e = await expectBrokerError(h.adapter.createOrder(order(h, { qtyUnits: h.lotSize + 1 })), 'INVALID_ORDER');
      assert.equal(e.retryable, false);
    }),
  );

  test(
    'refuses a price off the tick grid as INVALID_ORDER',
    withHarness(async (h, t) => {
      if (h.tickPaise < 2) return t.skip('every paise is on the tick grid');
      const off = (below(h, 20) + 1) as Paise;
      await expectBrokerError(
        h.adapter.createOrder(order(h, { orderType: 'LIMIT', limitPricePaise: off })),
        'INVALID_ORDER',
      );
    }),
  );

  const refusals: InjectableRefusal[] = ['REJECTED', 'INVALID_ORDER', 'INSUFFICIENT_FUNDS', 'RATE_LIMITED'];
  for (const code of refusals) {
    test(
      `maps a broker refusal to ${code} (${isRetryable(code) ? 'retryable' : 'not retryable'})`,
      withHarness(async (h, t) => {
        if (!h.faults?.rejectNextWrite) return t.skip('the harness cannot inject refusals');
        const before = h.faults.orderCount?.();
        h.faults.rejectNextWrite(code);
        const e = await expectBrokerError(h.adapter.createOrder(order(h)), code);
        assert.equal(e.retryable, isRetryable(code));
        if (before !== undefined) assert.equal(h.faults.orderCount?.(), before, 'a refused order must not exist');
      }),
    );
  }

  test(
    'cancelling an order the broker does not know is ORDER_NOT_FOUND',
    withHarness(async (h) => {
      await expectBrokerError(h.adapter.cancelOrder('999999999999'), 'ORDER_NOT_FOUND');
    }),
  );

  test(
    'turns a session that expires mid-session into TOKEN_EXPIRED on reads and writes',
    withHarness(async (h, t) => {
      if (!h.faults?.expireSession) return t.skip('the harness cannot expire the session');
      await h.adapter.fetchOrders();
      h.faults.expireSession();
      const read = await expectBrokerError(h.adapter.fetchOrders(), 'TOKEN_EXPIRED');
      assert.ok(isSessionError(read.code) && !read.retryable);
      const req = order(h, { orderType: 'LIMIT', limitPricePaise: below(h, 20) });
      await expectBrokerError(h.adapter.createOrder(req), 'TOKEN_EXPIRED');
    }),
  );
}

function registerUnknownOutcomes(withHarness: WithHarness, order: MakeOrder) {
  const cases: { title: string; inject: keyof HarnessFaults; code: BrokerErrorCode; placed: boolean }[] = [
    { title: 'a timed-out placement', inject: 'timeoutNextWrite', code: 'TIMEOUT', placed: true },
    { title: 'an unacknowledged placement', inject: 'noAckNextWrite', code: 'NO_ACK', placed: true },
    { title: 'a placement met by a server error', inject: 'unavailableNextWrite', code: 'UNAVAILABLE', placed: false },
  ];
  for (const c of cases) {
    test(
      `resolves ${c.title} (${c.code}, outcome unknown) by tag lookup without a second order`,
      withHarness(async (h, t) => {
        const inject = h.faults?.[c.inject] as (() => void) | undefined;
        const count = h.faults?.orderCount;
        if (!inject || !count) return t.skip(`the harness cannot inject ${c.code} or count orders`);
        const before = count();
        inject();
        const req = order(h);
        const e = await expectBrokerError(h.adapter.createOrder(req), c.code);
        assert.equal(e.retryable, true, 'an unknown outcome must be retryable, never a rejection');
        const found = await h.adapter.fetchOrderByTag(req.clientOrderId);
        assert.equal(found !== undefined, c.placed);
        assert.equal(count(), before + (c.placed ? 1 : 0), 'the lookup itself must not place anything');
      }),
    );
  }

  test(
    'streams order updates to a watcher until unwatched',
    withHarness(async (h, t) => {
      if (h.adapter.capabilities.watchOrders === 'none' || !h.adapter.watchOrders) {
        return t.skip('the adapter has no order-update stream');
      }
      const seen: BrokerOrder[] = [];
      const unwatch = await h.adapter.watchOrders((o) => seen.push(o));
      try {
        await new Promise((r) => setTimeout(r, 300));
        const ack = await h.adapter.createOrder(order(h));
        await eventually('a FILLED update', async () =>
          seen.find((o) => o.brokerOrderId === ack.brokerOrderId && o.status === 'FILLED'),
        );
      } finally {
        await unwatch();
      }
    }),
  );
}
