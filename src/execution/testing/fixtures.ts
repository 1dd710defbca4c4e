import { inArray } from 'drizzle-orm';
import type { BrokerOrder } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';
import { entryOrderId } from '#src/domain/order';
import type { Db } from '#src/platform/db';
import { tables } from '#src/platform/db';
import type { OrderCommand } from '../messages';

const { users, brokerAccounts, strategySettings, strategyMaps, signalWaves, trades, orders } = tables;

/** A broker-book order without our tag: a one-lot (65) MARKET buy, filled at ₹100, unless `over` says otherwise. */
export function untaggedBrokerOrder(
  p: { brokerOrderId: string; instrumentId: InstrumentId; placedAt: number },
  over: Partial<BrokerOrder> = {},
): BrokerOrder {
  return {
    clientOrderId: undefined,
    side: 'BUY',
    orderType: 'MARKET',
    product: 'INTRADAY',
    qtyUnits: 65,
    filledQtyUnits: 65,
    avgPricePaise: 100_00 as Paise,
    limitPricePaise: undefined,
    triggerPricePaise: undefined,
    status: 'FILLED',
    rejectReason: undefined,
    ...p,
    ...over,
  };
}

/** Rows a gateway test or benchmark trades on: one setting, and per account a user, a broker account and a map. */
export interface Seeded {
  readonly settingId: string;
  readonly accounts: ReadonlyArray<{ readonly accountId: string; readonly userId: string; readonly mapId: string }>;
}

/** Seeds `n` accounts on one strategy setting; `mode` live or paper for all of them. */
export async function seedAccounts(db: Db, p: { n: number; mode: 'live' | 'paper'; tag: string }): Promise<Seeded> {
  const now = 0;
  const [setting] = await db
    .insert(strategySettings)
    .values({
      strategyId: 'MYN_OPT',
      name: `setting-${p.tag}`,
      underlying: 'NIFTY',
      params: {},
      status: 'active',
      createdAt: now,
    })
    .returning({ id: strategySettings.id });
  const userRows = await db
    .insert(users)
    .values(
      Array.from({ length: p.n }, (_, i) => ({
        email: `u${i}-${p.tag}@test.local`,
        passwordHash: 'x',
        displayName: `User ${i}`,
        role: 'trader',
        status: 'active',
        createdAt: now,
      })),
    )
    .returning({ id: users.id });
  const accountRows = await db
    .insert(brokerAccounts)
    .values(
      userRows.map((u, i) => ({
        userId: u.id,
        broker: p.mode === 'live' ? 'fyers' : 'paper',
        label: `acct ${i}`,
        brokerClientId: `C${i}`,
        mode: p.mode,
        effectiveMode: p.mode,
        modeReason: p.mode === 'live' ? null : 'USER_CHOICE',
        tokenState: p.mode === 'live' ? 'CONNECTED' : 'NOT_CONNECTED',
        createdAt: now,
      })),
    )
    .returning({ id: brokerAccounts.id, userId: brokerAccounts.userId });
  const mapRows = await db
    .insert(strategyMaps)
    .values(
      accountRows.map((a) => ({
        settingId: setting!.id,
        userId: a.userId,
        accountId: a.id,
        lotMultiplier: 1,
        active: true,
        createdAt: now,
      })),
    )
    .returning({ id: strategyMaps.id, accountId: strategyMaps.accountId });
  return {
    settingId: setting!.id,
    accounts: accountRows.map((a, i) => ({ accountId: a.id, userId: a.userId, mapId: mapRows[i]!.id })),
  };
}

/**
 * One signal wave written the way the strategy engine's fan-out writes it: the wave, then per account a trade
 * and a NEW entry order with the deterministic client order id. Returns the PLACE commands to enqueue.
 */
export async function writeEntryWave(
  db: Db,
  s: Seeded,
  p: {
    waveId: string;
    instrumentId: string;
    side: 'BUY' | 'SELL';
    qtyUnits: (accountIndex: number) => number;
    at: number;
    day: string;
    accounts?: readonly number[];
  },
): Promise<OrderCommand[]> {
  const picked = p.accounts ?? s.accounts.map((_, i) => i);
  return db.transaction(async (tx) => {
    await tx
      .insert(signalWaves)
      .values({ id: p.waveId, settingId: s.settingId, tradingDay: p.day, kind: 'ENTRY', intent: {}, createdAt: p.at });
    const chosen = picked.map((i) => ({ i, a: s.accounts[i]! }));
    const ids = chosen.map((c) => c.a.accountId);
    const acc = new Map(
      (await tx.select().from(brokerAccounts).where(inArray(brokerAccounts.id, ids))).map((a) => [a.id, a]),
    );
    const tradeRows = await tx
      .insert(trades)
      .values(
        chosen.map(({ i, a }) => ({
          waveId: p.waveId,
          settingId: s.settingId,
          mapId: a.mapId,
          userId: a.userId,
          accountId: a.accountId,
          tradingDay: p.day,
          instrumentId: p.instrumentId,
          side: p.side,
          lots: 1,
          qtyUnits: p.qtyUnits(i),
          status: 'PENDING_ENTRY',
          risk: { slPct: 10, targetPct: 10 },
          route: acc.get(a.accountId)!.effectiveMode,
          routeReason: acc.get(a.accountId)!.modeReason,
          createdAt: p.at,
        })),
      )
      .returning({ id: trades.id, accountId: trades.accountId, qtyUnits: trades.qtyUnits, userId: trades.userId });
    const values = tradeRows.map((t) => {
      const a = acc.get(t.accountId)!;
      return {
        clientOrderId: entryOrderId({ settingId: s.settingId, waveId: p.waveId, accountId: t.accountId, leg: 0 }),
        tradeId: t.id,
        accountId: t.accountId,
        userId: t.userId,
        purpose: 'ENTRY',
        instrumentId: p.instrumentId,
        side: p.side,
        qtyUnits: t.qtyUnits,
        orderType: 'MARKET',
        status: 'NEW',
        filledQtyUnits: 0,
        avgPricePaise: 0,
        broker: a.broker,
        route: a.effectiveMode,
        routeReason: a.modeReason,
        createdAt: p.at,
        updatedAt: p.at,
      };
    });
    const rows = await tx
      .insert(orders)
      .values(values)
      .returning({ id: orders.id, clientOrderId: orders.clientOrderId });
    return rows.map(
      (o): OrderCommand => ({
        v: 1,
        kind: 'PLACE',
        orderId: o.id,
        clientOrderId: o.clientOrderId,
        enqueuedAt: Date.now(),
      }),
    );
  });
}
