import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyOrderTypeSupport,
  isSliceOrderId,
  protectedLimitPaise,
  roundDownToLots,
  sliceOrderId,
  sliceQuantity,
} from './index';

describe('quantity and price rules', () => {
  test('slices are whole lots, at most the freeze quantity, largest first, and add up', () => {
    assert.deepEqual(sliceQuantity({ qtyUnits: 3900, lotSize: 65, freezeQty: 1800 }), [1755, 1755, 390]);
    assert.deepEqual(sliceQuantity({ qtyUnits: 1755, lotSize: 65, freezeQty: 1800 }), [1755]);
    for (const lots of [1, 27, 28, 100, 333]) {
      const s = sliceQuantity({ qtyUnits: lots * 30, lotSize: 30, freezeQty: 900 });
      assert.equal(
        s.reduce((a, b) => a + b, 0),
        lots * 30,
      );
      assert.ok(s.every((q) => q % 30 === 0 && q <= 900 && q > 0));
    }
    assert.throws(() => sliceQuantity({ qtyUnits: 100, lotSize: 65, freezeQty: 1800 }), /not whole lots/);
    assert.equal(roundDownToLots(200, 65), 195);
  });

  test('slice ids derive from the parent and stay within 30 alphanumerics', () => {
    const parent = 'E0123456789ABCDEFGHIJKLMNO';
    assert.equal(sliceOrderId(parent, 0), `${parent}S00`);
    assert.equal(sliceOrderId(parent, 37), `${parent}S11`);
    assert.match(sliceOrderId(parent, 1295), /^[A-Z0-9]{1,30}$/);
    assert.throws(() => sliceOrderId(parent, 1296));
    assert.equal(isSliceOrderId(sliceOrderId(parent, 5)), true);
    assert.equal(isSliceOrderId(parent), false);
  });

  test('protected limits sit a slab beyond the reference, rounded to the tick away from it', () => {
    assert.equal(protectedLimitPaise({ side: 'BUY', refPaise: 500, tickPaise: 5 }), 525); // ₹5, 5 %
    assert.equal(protectedLimitPaise({ side: 'SELL', refPaise: 500, tickPaise: 5 }), 475);
    assert.equal(protectedLimitPaise({ side: 'BUY', refPaise: 200_00, tickPaise: 5 }), 204_00); // 2 %
    assert.equal(protectedLimitPaise({ side: 'SELL', refPaise: 2_000_00, tickPaise: 5 }), 1_990_00); // 0.5 %
    assert.equal(protectedLimitPaise({ side: 'SELL', refPaise: 5, tickPaise: 5 }), 5); // never below one tick
  });

  test('MARKET becomes a protected LIMIT and SL-M an SL only where the broker lacks them', () => {
    const o = {
      side: 'BUY' as const,
      orderType: 'MARKET' as const,
      limitPricePaise: undefined,
      triggerPricePaise: undefined,
    };
    const none = { marketOrders: false, stopMarketOrders: false };
    assert.deepEqual(
      applyOrderTypeSupport(o, { marketOrders: true, stopMarketOrders: true }, 100, 5)?.orderType,
      'MARKET',
    );
    assert.deepEqual(applyOrderTypeSupport(o, none, 100_00, 5), {
      ...o,
      orderType: 'LIMIT',
      limitPricePaise: 102_00,
    });
    assert.equal(applyOrderTypeSupport(o, none, undefined, 5), undefined);
    const slm = { ...o, side: 'SELL' as const, orderType: 'SL-M' as const, triggerPricePaise: 90_00 };
    assert.deepEqual(applyOrderTypeSupport(slm, none, 100_00, 5), { ...slm, orderType: 'SL', limitPricePaise: 87_30 }); // ₹90 trigger, 3 % slab;
  });
});
