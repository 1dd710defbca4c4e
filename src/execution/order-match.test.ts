import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrokerOrder } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { matchUntaggedOrder } from './order-match';
import { untaggedBrokerOrder } from './testing/fixtures';

const CE = 'NFO:NIFTY:2026-12-01:CE:26000' as InstrumentId;
const PE = 'NFO:NIFTY:2026-12-01:PE:26000' as InstrumentId;
const SENT = 1_000_000;

const at = (brokerOrderId: string, over: Partial<BrokerOrder> = {}): BrokerOrder =>
  untaggedBrokerOrder({ brokerOrderId, instrumentId: CE, placedAt: SENT + 300 }, over);
const ours = { clientOrderId: 'E1', instrumentId: CE, side: 'BUY', qtyUnits: 65, sentAt: SENT };
const match = (book: BrokerOrder[], linked: string[] = []) =>
  matchUntaggedOrder({ order: ours, book, linked: new Set(linked), window: { beforeMs: 1_000, afterMs: 5_000 } });

describe('order-book match for brokers without tags', () => {
  test('exactly one lookalike placed around our send is ours', () => {
    const m = match([at('B1')]);
    assert.equal(m.kind, 'found');
    assert.equal(m.kind === 'found' && m.order.brokerOrderId, 'B1');
  });

  test('an empty book, or only orders that differ, mean the order was not placed', () => {
    assert.deepEqual(match([]), { kind: 'absent' });
    const others = [
      at('I', { instrumentId: PE }),
      at('S', { side: 'SELL' }),
      at('Q', { qtyUnits: 130 }),
      at('EARLY', { placedAt: SENT - 1_001 }),
      at('LATE', { placedAt: SENT + 5_001 }),
      at('TAGGED', { clientOrderId: 'SOMEONE-ELSE' }),
    ];
    assert.deepEqual(match(others), { kind: 'absent' });
  });

  test('the window edges are inclusive; our own tag, where one is kept, still matches', () => {
    assert.equal(match([at('B', { placedAt: SENT - 1_000 })]).kind, 'found');
    assert.equal(match([at('B', { placedAt: SENT + 5_000 })]).kind, 'found');
    assert.equal(match([at('B', { clientOrderId: 'E1' })]).kind, 'found');
  });

  test('a lookalike already linked to another of our orders is not a candidate', () => {
    assert.deepEqual(match([at('B1')], ['B1']), { kind: 'absent' });
    const m = match([at('B1'), at('B2')], ['B1']);
    assert.equal(m.kind === 'found' && m.order.brokerOrderId, 'B2');
  });

  test('two candidates are ambiguous: never a guess', () => {
    const m = match([at('B1'), at('B2', { placedAt: SENT + 4_000 }), at('X', { side: 'SELL' })]);
    assert.equal(m.kind, 'ambiguous');
    assert.deepEqual(m.kind === 'ambiguous' && m.candidates.map((c) => c.brokerOrderId), ['B1', 'B2']);
  });
});
