import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from './bus';
import { describeBusContract } from './bus.contract';
import { createMemoryBus } from './index';

describeBusContract('MemoryBus', async () => {
  const bus = createMemoryBus();
  return { bus, cleanup: () => bus.close() };
});

test('MemoryBus hands every subscriber and every delivery its own copy of a message', async () => {
  const bus = createMemoryBus({ onError: (error) => assert.fail(error instanceof Error ? error : String(error)) });
  const seen: Json[] = [];
  const mutate = (m: Json) => {
    seen.push(structuredClone(m));
    if (m && typeof m === 'object' && !Array.isArray(m)) m.qty = 0;
  };
  await bus.subscribe('copy', mutate);
  await bus.subscribe('copy', mutate);
  await bus.publish('copy', { qty: 50 });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(seen, [{ qty: 50 }, { qty: 50 }]);
  await bus.close();
});

test('MemoryBus close stops its consumers and subscriptions', async () => {
  const bus = createMemoryBus();
  const got: Json[] = [];
  await bus.subscribe('closing', (m) => got.push(m));
  await bus.consume('s.closing', { group: 'g', consumer: 'c' }, async (e) => void got.push(e.message));
  await bus.close();
  await bus.publish('closing', 'late');
  await bus.append('s.closing', 'late');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(got, []);
});
