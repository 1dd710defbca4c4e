import { and, eq, inArray, notExists } from 'drizzle-orm';
import type { BrokerOrder } from '#src/brokers/contract';
import { istDate } from '#src/domain/calendar';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { OrderGateway } from './gateway';
import type { Halts } from './halts';
import type { Router } from './routing';

const { orders, orderSlices, trades, brokerAccounts, reconciliationFindings: findings } = tables;

/** Compares the platform's books with each live broker account's, at executor start and periodically. */
export interface Reconciler {
  reconcileAll(): Promise<void>;
  /** One account: adopts unknown broker orders as EXTERNAL, flags position mismatches; returns the mismatches. */
  reconcileAccount(accountId: string): Promise<number>;
}

type Net = Map<string, number>;
const signed = (side: string, qty: number) => (side === 'SELL' ? -qty : qty);
const add = (m: Net, id: string, q: number) => m.set(id, (m.get(id) ?? 0) + q);

export function createReconciler(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  router: Router;
  halts: Halts;
  gateway: Pick<OrderGateway, 'trackWorkingOrders' | 'repair'>;
}): Reconciler {
  const { db, clock } = deps;
  /** Mismatches seen on the previous pass: a mismatch still there one pass later is not a race, so it halts. */
  const suspect = new Set<string>();

  /** Our net position per instrument from leaf orders (slices, not their parents) of today's live trades. */
  const platformNet = async (accountId: string): Promise<Net> => {
    const rows = await db
      .select({ id: orders.instrumentId, side: orders.side, qty: orders.filledQtyUnits })
      .from(orders)
      .innerJoin(trades, eq(trades.id, orders.tradeId))
      .where(
        and(
          eq(orders.accountId, accountId),
          eq(orders.route, 'live'),
          eq(trades.tradingDay, istDate(clock.now())),
          notExists(db.select().from(orderSlices).where(eq(orderSlices.parentOrderId, orders.id))),
        ),
      );
    const net: Net = new Map();
    for (const r of rows) add(net, r.id, signed(r.side, r.qty));
    return net;
  };

  const busy = async (accountId: string) => {
    const rows = await db
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          eq(orders.accountId, accountId),
          inArray(orders.status, ['NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED']),
        ),
      )
      .limit(1);
    return rows.length > 0;
  };

  const adopt = async (accountId: string, b: BrokerOrder) => {
    const { raw: _raw, ...detail } = b;
    await db
      .insert(findings)
      .values({ accountId, kind: 'EXTERNAL_ORDER', subject: b.brokerOrderId, detail, status: 'OPEN', at: clock.now() })
      .onConflictDoUpdate({ target: [findings.accountId, findings.kind, findings.subject], set: { detail } });
  };

  const flag = async (accountId: string, instrumentId: string, detail: Record<string, number>, status: string) => {
    await db
      .insert(findings)
      .values({ accountId, kind: 'POSITION_MISMATCH', subject: instrumentId, detail, status, at: clock.now() })
      .onConflictDoUpdate({ target: [findings.accountId, findings.kind, findings.subject], set: { detail, status } });
  };

  const reconcileAccount = async (accountId: string) => {
    const r = await deps.router.routeFor(accountId);
    if (r.route !== 'live') return 0;
    const book = await r.adapter.fetchOrders();
    const tags = book.map((b) => b.clientOrderId).filter((t): t is string => t !== undefined);
    const known = new Set(
      tags.length === 0
        ? []
        : (await db.select({ t: orders.clientOrderId }).from(orders).where(inArray(orders.clientOrderId, tags))).map(
            (x) => x.t,
          ),
    );
    // A broker without order tags: our orders are the ones whose broker order id we recorded.
    const untagged = book.filter((b) => !b.clientOrderId || !known.has(b.clientOrderId));
    const ids = untagged.map((b) => b.brokerOrderId);
    const ours = new Set(
      ids.length === 0
        ? []
        : (
            await db
              .select({ id: orders.brokerOrderId })
              .from(orders)
              .where(and(eq(orders.accountId, accountId), inArray(orders.brokerOrderId, ids)))
          ).map((x) => x.id),
    );
    const expected = await platformNet(accountId);
    for (const b of untagged.filter((b) => !ours.has(b.brokerOrderId))) {
      await adopt(accountId, b);
      add(expected, b.instrumentId, signed(b.side, b.filledQtyUnits));
    }
    // Orders in flight move positions between the two reads; compare only a quiet account.
    if (await busy(accountId)) return 0;
    const actual: Net = new Map();
    for (const p of await r.adapter.fetchPositions()) add(actual, p.instrumentId, p.netQtyUnits);
    let mismatches = 0;
    for (const id of new Set([...expected.keys(), ...actual.keys()])) {
      const key = `${accountId}|${id}`;
      const ours = expected.get(id) ?? 0;
      const theirs = actual.get(id) ?? 0;
      if (ours === theirs) {
        if (suspect.delete(key)) await flag(accountId, id, { ours, theirs }, 'RESOLVED');
        continue;
      }
      mismatches++;
      const persistent = suspect.has(key);
      suspect.add(key);
      await flag(accountId, id, { ours, theirs }, persistent ? 'HALTED' : 'OPEN');
      if (persistent)
        await deps.halts.haltAccount({
          accountId,
          reason: 'RECONCILIATION_MISMATCH',
          detail: `${id}: ${ours} vs ${theirs}`,
        });
    }
    return mismatches;
  };

  return {
    reconcileAccount,
    async reconcileAll() {
      await deps.gateway.repair();
      await deps.gateway.trackWorkingOrders();
      const live = await db
        .select({ id: brokerAccounts.id })
        .from(brokerAccounts)
        .where(eq(brokerAccounts.effectiveMode, 'live'));
      for (const a of live) {
        try {
          const n = await reconcileAccount(a.id);
          if (n > 0) deps.log.warn({ accountId: a.id, mismatches: n }, 'reconciliation found position mismatches');
        } catch (err) {
          deps.log.warn({ err, accountId: a.id }, 'reconciliation of an account failed; will retry');
        }
      }
    },
  };
}
