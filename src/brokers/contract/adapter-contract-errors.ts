/** Contract tests for error classes, expired sessions and unknown outcomes resolved by tag lookup. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Paise } from '#src/domain/money/paise';
import {
  type Below,
  eventually,
  expectBrokerError,
  type HarnessFaults,
  type InjectableRefusal,
  type MakeOrder,
  type WithHarness,
} from './adapter-contract-support';
import { type BrokerErrorCode, isRetryable, isSessionError } from './errors';
import type { BrokerOrder } from './types';

/** Each error class: local refusals, injected broker refusals, unknown orders and an expired session. */
export function registerErrors(withHarness: WithHarness, order: MakeOrder, below: Below) {
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

/** Timeouts, missing acknowledgements and 5xx on a placement: retryable, resolved by tag lookup. */
export function registerUnknownOutcomes(withHarness: WithHarness, order: MakeOrder) {
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
