import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { averagePrice, entryOrderId, exitOrderId, positionPnl, scaledQuantity, transition } from './index';

describe('order domain', () => {
  test('entry ids are deterministic, alphanumeric and at most 30 characters', () => {
    const p = { settingId: 's1', waveId: 'w1', accountId: 'a1', leg: 0 };
    const id = entryOrderId(p);
    assert.equal(id, entryOrderId({ ...p }));
    assert.match(id, /^[A-Z0-9]{1,30}$/);
    assert.notEqual(id, entryOrderId({ ...p, accountId: 'a2' }));
    assert.notEqual(id, entryOrderId({ ...p, leg: 1 }));
  });

  test('a repeated exit of the same quantity is the same key; a further partial exit is not', () => {
    const first = exitOrderId({ tradeId: 't', openQtyUnits: 130, exitQtyUnits: 65 });
    assert.equal(first, exitOrderId({ tradeId: 't', openQtyUnits: 130, exitQtyUnits: 65 }));
    assert.notEqual(first, exitOrderId({ tradeId: 't', openQtyUnits: 65, exitQtyUnits: 65 }));
    assert.notEqual(first, exitOrderId({ tradeId: 't', openQtyUnits: 130, exitQtyUnits: 130 }));
  });

  test('illegal transitions throw, legal ones pass', () => {
    assert.equal(transition('SUBMITTED', 'UNKNOWN'), 'UNKNOWN');
    assert.equal(transition('UNKNOWN', 'FILLED'), 'FILLED');
    assert.throws(() => transition('FILLED', 'OPEN'), /cannot move from FILLED to OPEN/);
    assert.throws(() => transition('REJECTED', 'SUBMITTED'));
  });

  test('P&L is signed by side and scaled by quantity', () => {
    assert.equal(positionPnl({ side: 'BUY', qtyUnits: 65, entryPaise: 10_000, markPaise: 11_000 }), 65_000);
    assert.equal(positionPnl({ side: 'SELL', qtyUnits: 65, entryPaise: 10_000, markPaise: 11_000 }), -65_000);
  });

  test('quantity is lots × multiplier × lot size, and bad multipliers are refused', () => {
    assert.deepEqual(scaledQuantity({ lots: 1, lotMultiplier: 3, lotSize: 65 }), { lots: 3, qtyUnits: 195 });
    assert.throws(() => scaledQuantity({ lots: 1, lotMultiplier: 0, lotSize: 65 }));
    assert.equal(
      averagePrice([
        { qtyUnits: 1, pricePaise: 100 },
        { qtyUnits: 3, pricePaise: 200 },
      ]),
      175,
    );
  });
});
