import { and, eq } from 'drizzle-orm';
import { istDate } from '#src/domain/calendar';
import { entryOrderId } from '#src/domain/order';
import { type Bus, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { createDeadLetters } from './dead-letters';
import { createHalts } from './halts';
import type { InstrumentRules } from './instrument-rules';
import type { OrderCommand } from './messages';
import { exitOrderFor, type SquareOffResult, squareOff } from './square-off';

const { trades, orders, strategyMaps, brokerAccounts, signalWaves } = tables;

/** Why a manual action could not be done; the API maps these codes to responses. */
export class ManualControlError extends Error {
  override readonly name = 'ManualControlError';
  constructor(
    readonly code: 'NOT_FOUND' | 'NOT_OPEN' | 'NOT_WORKING' | 'KILL_SWITCH',
    message: string,
  ) {
    super(message);
  }
}

const WORKING = ['NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED'];

/** Ops' manual controls over the gateway: every order still goes through the command stream and the gateway. */
export function createManualControl(deps: { db: Db; bus: Bus; clock: Clock; rules: InstrumentRules }) {
  const { db, bus, clock } = deps;
  const halts = createHalts(deps);
  const dead = createDeadLetters(deps);
  const requireAccount = async (accountId: string) => {
    const [account] = await db
      .select({ id: brokerAccounts.id })
      .from(brokerAccounts)
      .where(eq(brokerAccounts.id, accountId));
    if (!account) throw new ManualControlError('NOT_FOUND', `broker account ${accountId} not found`);
  };
  const enqueue = (commands: OrderCommand[]) =>
    commands.length > 0 ? bus.appendMany(STREAMS.orderCommands, commands) : Promise.resolve([]);

  return {
    halts,
    deadLetters: (limit: number) => dead.list(limit),
    /** A manual entry on one strategy map; `requestId` makes a retried request the same entry. */
    async enter(p: { mapId: string; instrumentId: string; side: 'BUY' | 'SELL'; lots: number; requestId: string }) {
      if (await halts.killSwitchEngaged()) throw new ManualControlError('KILL_SWITCH', 'the kill switch is engaged');
      const [m] = await db.select().from(strategyMaps).where(eq(strategyMaps.id, p.mapId));
      if (!m) throw new ManualControlError('NOT_FOUND', `map ${p.mapId} not found`);
      const [acc] = await db.select().from(brokerAccounts).where(eq(brokerAccounts.id, m.accountId));
      const qtyUnits = p.lots * deps.rules.lotSize(p.instrumentId as never);
      const now = clock.now();
      const waveId = `manual:${m.id}:${p.requestId}`;
      const day = istDate(now);
      const clientOrderId = entryOrderId({ settingId: m.settingId, waveId, accountId: m.accountId, leg: 0 });
      const cmd = await db.transaction(async (tx) => {
        const wave = await tx
          .insert(signalWaves)
          .values({ id: waveId, settingId: m.settingId, tradingDay: day, kind: 'MANUAL', intent: p, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: signalWaves.id });
        if (wave.length === 0) return undefined;
        const base = { accountId: m.accountId, userId: m.userId, instrumentId: p.instrumentId, side: p.side, qtyUnits };
        const route = { route: acc?.effectiveMode ?? 'paper', routeReason: acc?.modeReason ?? null };
        const [t] = await tx
          .insert(trades)
          .values({
            ...base,
            ...route,
            waveId,
            settingId: m.settingId,
            mapId: m.id,
            tradingDay: day,
            lots: p.lots,
            status: 'PENDING_ENTRY',
            risk: { slPct: 100, targetPct: 1000 },
            createdAt: now,
          })
          .returning({ id: trades.id });
        const [o] = await tx
          .insert(orders)
          .values({
            ...base,
            ...route,
            clientOrderId,
            tradeId: t!.id,
            purpose: 'ENTRY',
            orderType: 'MARKET',
            status: 'NEW',
            filledQtyUnits: 0,
            avgPricePaise: 0,
            broker: acc?.broker ?? 'paper',
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: orders.id });
        return { v: 1, kind: 'PLACE', orderId: o!.id, clientOrderId, enqueuedAt: Date.now() } satisfies OrderCommand;
      });
      if (cmd) await enqueue([cmd]);
      return { clientOrderId, created: cmd !== undefined };
    },
    /** Exits one trade, or every open trade of a map. */
    async exit(p: { tradeId?: string; mapId?: string }): Promise<number> {
      const where = p.tradeId ? eq(trades.id, p.tradeId) : eq(trades.mapId, p.mapId ?? '');
      const open = await db
        .select()
        .from(trades)
        .where(and(where, eq(trades.status, 'OPEN')));
      if (p.tradeId && open.length === 0) throw new ManualControlError('NOT_OPEN', `trade ${p.tradeId} is not open`);
      const commands: OrderCommand[] = [];
      for (const t of open) {
        const c = await exitOrderFor(deps, t, 'MANUAL');
        if (c) commands.push(c);
      }
      await enqueue(commands);
      return commands.length;
    },
    async cancel(orderId: string) {
      const [o] = await db.select().from(orders).where(eq(orders.id, orderId));
      if (!o) throw new ManualControlError('NOT_FOUND', `order ${orderId} not found`);
      if (!WORKING.includes(o.status)) throw new ManualControlError('NOT_WORKING', `order is ${o.status}`);
      await enqueue([{ v: 1, kind: 'CANCEL', orderId: o.id, clientOrderId: o.clientOrderId, enqueuedAt: Date.now() }]);
    },
    /** Halts one account's entries (ACCOUNT_HALTED, forced to paper); false when it was halted already. */
    async haltAccount(p: { accountId: string; detail: string; by: string }): Promise<boolean> {
      await requireAccount(p.accountId);
      return halts.haltAccount({ accountId: p.accountId, reason: 'MANUAL', detail: p.detail, by: p.by });
    },
    /** Ends an account's halt; false when it was not halted. */
    async resumeAccount(p: { accountId: string; by: string }): Promise<boolean> {
      await requireAccount(p.accountId);
      return halts.resumeAccount(p);
    },
    squareOff: (accountId?: string): Promise<SquareOffResult> =>
      squareOff(deps, { ...(accountId ? { accountId } : {}), reason: 'MANUAL' }),
    /** Kill switch: no entries anywhere, then every open position squared off (sliced like any order). */
    async kill(by: string, detail?: string): Promise<SquareOffResult> {
      await halts.engageKillSwitch({ by, ...(detail ? { detail } : {}) });
      return squareOff(deps, { reason: 'KILL_SWITCH' });
    },
    release: (by: string) => halts.releaseKillSwitch({ by }),
  };
}

export type ManualControl = ReturnType<typeof createManualControl>;
