import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { BrokerOrder } from '#src/brokers/contract';
import { GROUPS, STREAMS } from '#src/platform/bus';
import { tables } from '#src/platform/db';
import { AMBIGUOUS_ORDER } from './order-sender';
import { untaggedBrokerOrder, writeEntryWave } from './testing/fixtures';
import { createGatewayHarness, HARNESS_START, NIFTY_CE } from './testing/harness';

/** A broker whose orders carry no tag: an order of unknown outcome can only be found by order-book match. */
const TAGLESS = {
  orderTag: { supported: false, maxLength: 0, alphanumericOnly: true },
  fetchOrderByTag: 'none',
} as const;

const wave = (waveId: string) => ({
  waveId,
  instrumentId: NIFTY_CE,
  side: 'BUY' as const,
  qtyUnits: () => 65,
  at: HARNESS_START,
  day: '2026-11-26',
});

/** An order someone placed by hand at the broker, without a tag: one lot of the harness contract, filled. */
function filledByHand(accountId: string, brokerOrderId: string, placedAt: number): BrokerOrder & { accountId: string } {
  return { accountId, ...untaggedBrokerOrder({ brokerOrderId, instrumentId: NIFTY_CE, placedAt }) };
}

async function until(what: string, cond: () => Promise<boolean>) {
  for (let i = 0; i < 1_000; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('orders of unknown outcome at a broker without tags', () => {
  test('a timeout after the broker created the order is resolved by order-book match, never sent twice', async () => {
    const h = await createGatewayHarness({
      accounts: 2,
      mode: 'live',
      broker: {
        capabilities: TAGLESS,
        outcome: (_r, n) => (n === 1 ? 'timeout-created' : n === 2 ? 'unavailable' : 'ok'),
      },
    });
    try {
      const commands = await writeEntryWave(h.db, h.seeded, wave('w-tagless'));
      await h.enqueue(commands);
      await h.settle();
      // The first send timed out but its order exists: matched in the book, not resent. The second failed with a
      // 5xx and created nothing: no match, so it was sent once more (the third request).
      assert.equal(h.broker.requests.length, 3);
      assert.equal(h.broker.book.length, 2, 'exactly one broker order per client order id');
      for (const a of h.seeded.accounts)
        assert.equal(h.broker.book.filter((b) => b.accountId === a.accountId).length, 1);
      const rows = await h.orders();
      assert.deepEqual(rows.map((o) => o.status).sort(), ['FILLED', 'FILLED']);
      assert.deepEqual(
        rows.map((o) => o.brokerOrderId).sort(),
        h.broker.book.map((b) => b.brokerOrderId).sort(),
        'each order row is linked to its own broker order',
      );
      assert.ok(
        h.broker.book.every((b) => b.clientOrderId === undefined),
        'the broker kept no tags',
      );
    } finally {
      await h.close();
    }
  });

  test('two lookalikes in the book: the order stays UNKNOWN and is flagged, never guessed and never resent', async () => {
    const h = await createGatewayHarness({
      accounts: 1,
      mode: 'live',
      broker: { capabilities: TAGLESS, outcome: (_r, n) => (n === 1 ? 'timeout-created' : 'ok') },
    });
    const accountId = h.seeded.accounts[0]!.accountId;
    try {
      // An order placed by hand at the broker a moment earlier: same contract, side and quantity as ours.
      const manual = filledByHand(accountId, 'MANUAL-1', HARNESS_START - 2_000);
      h.broker.book.push(manual);
      const [cmd] = await writeEntryWave(h.db, h.seeded, wave('w-ambiguous'));
      await h.enqueue([cmd!]);
      const finding = async () =>
        (
          await h.db
            .select()
            .from(tables.reconciliationFindings)
            .where(
              and(
                eq(tables.reconciliationFindings.kind, AMBIGUOUS_ORDER),
                eq(tables.reconciliationFindings.subject, cmd!.clientOrderId),
              ),
            )
        )[0];
      await until('the ambiguity finding', async () => (await finding()) !== undefined);
      await until(
        'the command to be acknowledged',
        async () => (await h.bus.pendingCount(STREAMS.orderCommands, GROUPS.executor)) === 0,
      );
      const [o] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, cmd!.orderId));
      assert.deepEqual([o!.status, o!.brokerOrderId], ['UNKNOWN', null]);
      assert.equal(h.broker.requests.length, 1, 'no resend while the order may exist');
      assert.equal(h.broker.book.length, 2);
      const f = (await finding())!;
      assert.equal(f.status, 'OPEN');
      assert.deepEqual((f.detail as { candidates: string[] }).candidates.sort(), ['M2', 'MANUAL-1']);

      // The lookalike turns out to be someone else's (here: it leaves the book); the sweep's redelivery matches.
      h.broker.book.splice(h.broker.book.indexOf(manual), 1);
      await h.enqueue([cmd!]);
      await h.settle();
      const [done] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, cmd!.orderId));
      assert.deepEqual([done!.status, done!.brokerOrderId], ['FILLED', 'M2']);
      assert.equal(h.broker.requests.length, 1);
      assert.equal((await finding())!.status, 'RESOLVED');
    } finally {
      await h.close();
    }
  });

  test('reconciliation knows its own untagged orders by broker order id and adopts only the stranger', async () => {
    const h = await createGatewayHarness({ accounts: 1, mode: 'live', broker: { capabilities: TAGLESS } });
    const accountId = h.seeded.accounts[0]!.accountId;
    try {
      await h.enqueue(await writeEntryWave(h.db, h.seeded, wave('w-reconcile')));
      await h.settle();
      const stranger = filledByHand(accountId, 'MANUAL-2', HARNESS_START);
      h.broker.book.push(stranger);
      assert.equal(await h.reconciler.reconcileAccount(accountId), 0, 'no position mismatch');
      const findings = await h.db.select().from(tables.reconciliationFindings);
      assert.deepEqual(
        findings.map((f) => [f.kind, f.subject]),
        [['EXTERNAL_ORDER', 'MANUAL-2']],
      );
    } finally {
      await h.close();
    }
  });
});
