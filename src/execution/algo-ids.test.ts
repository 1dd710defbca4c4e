import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { tables } from '#src/platform/db';
import { ALGO_ID_MISSING, type AlgoIdPolicy, algoIdVerdict, resolveAlgoId } from './algo-ids';
import { exitOrderFor } from './square-off';
import { writeEntryWave } from './testing/fixtures';
import { createGatewayHarness, HARNESS_START, NIFTY_CE } from './testing/harness';

const wave = (waveId: string) => ({
  waveId,
  instrumentId: NIFTY_CE,
  side: 'BUY' as const,
  qtyUnits: () => 65,
  at: HARNESS_START,
  day: '2026-11-26',
});

describe('exchange algo ids', () => {
  test('resolution: the strategy wins, then the broker default, then the platform default, then the fallback', () => {
    const policy: AlgoIdPolicy = { required: true, defaultId: 'GEN', perBroker: { fyers: 'FY' } };
    assert.equal(resolveAlgoId({ strategyAlgoId: 'STRAT', broker: 'fyers', policy }), 'STRAT');
    assert.equal(resolveAlgoId({ strategyAlgoId: null, broker: 'fyers', policy }), 'FY');
    assert.equal(resolveAlgoId({ strategyAlgoId: null, broker: 'flattrade', policy }), 'GEN');
    assert.equal(resolveAlgoId({ strategyAlgoId: '', broker: 'x', policy: { required: true }, fallback: 'E' }), 'E');
    assert.equal(resolveAlgoId({ strategyAlgoId: undefined, broker: 'x', policy: { required: true } }), undefined);
  });

  test('only a live entry without an id is refused, and only when ids are required', () => {
    const required = { required: true };
    const v = (route: 'paper' | 'live', purpose: string, algoId?: string, policy: AlgoIdPolicy = required) =>
      algoIdVerdict({ algoId, route, purpose, policy });
    assert.equal(v('live', 'ENTRY'), ALGO_ID_MISSING);
    assert.equal(v('live', 'ENTRY', 'A1'), 'ok');
    assert.equal(v('live', 'EXIT'), 'ok', 'an exit is never trapped');
    assert.equal(v('paper', 'ENTRY'), 'ok', 'paper never needs one');
    assert.equal(v('live', 'ENTRY', undefined, { required: false }), 'ok');
  });

  test('a live entry with no resolvable id is refused ALGO_ID_MISSING and never reaches the broker', async () => {
    const h = await createGatewayHarness({ accounts: 2, mode: 'live', algoIds: { required: true } });
    try {
      const commands = await writeEntryWave(h.db, h.seeded, wave('w-noalgo'));
      await h.enqueue(commands);
      await h.settle();
      assert.equal(h.broker.requests.length, 0);
      for (const o of await h.orders()) {
        assert.deepEqual([o.status, o.rejectReason, o.algoId, o.route], ['REJECTED', ALGO_ID_MISSING, null, 'live']);
        assert.equal((await h.trade(o.tradeId))!.status, 'REJECTED');
      }
      // A configuration gap, not a broker error: no account is halted for it.
      for (const a of h.seeded.accounts) assert.equal(await h.halts.isAccountHalted(a.accountId), false);
    } finally {
      await h.close();
    }
  });

  test("orders carry the broker's generic id; the row records what was sent and when", async () => {
    const h = await createGatewayHarness({
      accounts: 1,
      mode: 'live',
      algoIds: { required: true, defaultId: 'GENERIC', perBroker: { fyers: 'FYERS-GEN' } },
    });
    try {
      const [cmd] = await writeEntryWave(h.db, h.seeded, wave('w-generic'));
      await h.enqueue([cmd!]);
      await h.settle();
      assert.equal(h.broker.requests[0]?.algoId, 'FYERS-GEN');
      assert.equal(h.broker.book[0]?.algoId, 'FYERS-GEN');
      const [o] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, cmd!.orderId));
      assert.deepEqual([o!.status, o!.algoId, o!.submittedAt], ['FILLED', 'FYERS-GEN', HARNESS_START]);
    } finally {
      await h.close();
    }
  });

  test("a strategy's own registered id wins over every generic one", async () => {
    const h = await createGatewayHarness({
      accounts: 2,
      mode: 'live',
      algoIds: { required: true, defaultId: 'GENERIC', perBroker: { fyers: 'FYERS-GEN' } },
    });
    try {
      await h.db
        .update(tables.strategySettings)
        .set({ algoId: 'NSE-ALGO-7' })
        .where(eq(tables.strategySettings.id, h.seeded.settingId));
      await h.enqueue(await writeEntryWave(h.db, h.seeded, wave('w-strategy')));
      await h.settle();
      assert.deepEqual(
        h.broker.requests.map((r) => r.algoId),
        ['NSE-ALGO-7', 'NSE-ALGO-7'],
      );
      for (const o of await h.orders()) assert.deepEqual([o.status, o.algoId], ['FILLED', 'NSE-ALGO-7']);
    } finally {
      await h.close();
    }
  });

  test('paper orders record their id too, and so does an exit', async () => {
    const h = await createGatewayHarness({ accounts: 1, mode: 'paper', algoIds: { required: true, defaultId: 'GEN' } });
    try {
      const [entry] = await writeEntryWave(h.db, h.seeded, wave('w-paper'));
      await h.enqueue([entry!]);
      await h.settle();
      const [o] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, entry!.orderId));
      assert.deepEqual([o!.route, o!.algoId], ['paper', 'GEN']);
      const trade = (await h.trade(o!.tradeId))!;
      assert.equal(trade.status, 'OPEN');
      const exit = await exitOrderFor(h, trade, 'MANUAL');
      await h.enqueue([exit!]);
      await h.settle();
      const [x] = await h.db
        .select()
        .from(tables.orders)
        .where(inArray(tables.orders.id, [exit!.orderId]));
      assert.deepEqual([x!.purpose, x!.algoId], ['EXIT', 'GEN']);
    } finally {
      await h.close();
    }
  });
});
