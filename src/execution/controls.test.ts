import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';
import { tables } from '#src/platform/db';
import { squareOff } from './square-off';
import { writeEntryWave } from './testing/fixtures';
import { createGatewayHarness, HARNESS_START, NIFTY_CE } from './testing/harness';

const wave = (waveId: string, qty: number) => ({
  waveId,
  instrumentId: NIFTY_CE,
  side: 'BUY' as const,
  qtyUnits: () => qty,
  at: HARNESS_START,
  day: '2026-11-26',
});

describe('gateway controls', () => {
  test('the kill switch refuses new entries and squares off open positions in freeze-sized slices', async () => {
    const h = await createGatewayHarness({ accounts: 1, mode: 'live' });
    try {
      await h.enqueue(await writeEntryWave(h.db, h.seeded, wave('w-k1', 65 * 60)));
      await h.settle();
      await h.halts.engageKillSwitch({ by: 'ops' });
      const result = await squareOff(h, { reason: 'KILL_SWITCH' });
      assert.deepEqual(result, { exits: 1, cancels: 0 });
      const blocked = await writeEntryWave(h.db, h.seeded, wave('w-k2', 65));
      await h.enqueue(blocked);
      await h.settle();
      const sells = h.broker.requests.filter((r) => r.side === 'SELL').map((r) => r.qtyUnits);
      assert.deepEqual(sells, [1755, 1755, 390]);
      const [refused] = await h.db.select().from(tables.orders).where(eq(tables.orders.id, blocked[0]!.orderId));
      assert.deepEqual([refused!.status, refused!.rejectReason], ['REJECTED', 'KILL_SWITCH']);
      const trades = await h.db.select().from(tables.trades);
      assert.deepEqual(trades.map((t) => t.status).sort(), ['CLOSED', 'REJECTED']);
    } finally {
      await h.close();
    }
  });

  test('reconciliation adopts an unknown broker order as EXTERNAL and halts an account whose mismatch persists', async () => {
    const h = await createGatewayHarness({ accounts: 2, mode: 'live' });
    try {
      await h.enqueue(await writeEntryWave(h.db, h.seeded, wave('w-r1', 65)));
      await h.settle();
      const [odd, fine] = h.seeded.accounts.map((a) => a.accountId) as [string, string];
      // Someone traded on the broker terminal, outside the platform: an untagged order the platform never sent.
      await h.broker.adapter(odd).createOrder({
        clientOrderId: '',
        instrumentId: 'NFO:NIFTY:2026-12-01:PE:25000' as InstrumentId,
        side: 'BUY',
        qtyUnits: 65,
        orderType: 'LIMIT',
        product: 'INTRADAY',
        limitPricePaise: 100_00 as Paise,
      });
      assert.equal(await h.reconciler.reconcileAccount(fine), 0);
      assert.equal(await h.reconciler.reconcileAccount(odd), 0, 'an adopted external order explains its own position');
      const findings = await h.db.select().from(tables.reconciliationFindings);
      assert.deepEqual(
        findings.map((f) => [f.accountId, f.kind]),
        [[odd, 'EXTERNAL_ORDER']],
      );
      // Now the broker shows a fill the platform's books do not: the same mismatch on two passes halts the account.
      const ours = h.broker.book.find((b) => b.accountId === odd && b.clientOrderId);
      Object.assign(ours!, { filledQtyUnits: 130, qtyUnits: 130 });
      assert.equal(await h.reconciler.reconcileAccount(odd), 1);
      assert.equal(await h.halts.isAccountHalted(odd), false, 'one pass may be a race');
      assert.equal(await h.reconciler.reconcileAccount(odd), 1);
      assert.equal(await h.halts.isAccountHalted(odd), true);
      assert.equal(await h.halts.isAccountHalted(fine), false);
    } finally {
      await h.close();
    }
  });
});
