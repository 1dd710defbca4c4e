import { and, eq, inArray } from 'drizzle-orm';
import { tradableAccountIds } from '#src/accounts';
import { istDate } from '#src/domain/calendar';
import { entryOrderId, scaledQuantity } from '#src/domain/order';
import type { OrderCommand } from '#src/execution';
import { type Bus, CHANNELS, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Intent } from '../sdk';
import type { LegResolver } from './leg-resolver';

const { signalWaves, strategyMaps, brokerAccounts, users, trades, orders } = tables;

type EnterIntent = Extract<Intent, { kind: 'ENTER' }>;
type Setting = typeof tables.strategySettings.$inferSelect;

/**
 * A signal wave: one intent → one trade and one entry order per active map, written in one transaction with a
 * deterministic wave id (replaying the wave creates nothing), then enqueued as order commands. Orders left NEW
 * by a crash between commit and enqueue are re-enqueued by the outbox sweep.
 */
export interface WaveFanOut {
  enter(p: { setting: Setting; intent: EnterIntent; seq: number }): Promise<{ waveId: string; created: number }>;
}

export function createWaveFanOut(deps: { db: Db; bus: Bus; clock: Clock; log: Logger; legs: LegResolver }): WaveFanOut {
  const activeMaps = (settingId: string) =>
    deps.db
      .select({ map: strategyMaps, account: brokerAccounts })
      .from(strategyMaps)
      .innerJoin(brokerAccounts, eq(brokerAccounts.id, strategyMaps.accountId))
      .innerJoin(users, eq(users.id, strategyMaps.userId))
      .where(
        and(
          eq(strategyMaps.settingId, settingId),
          eq(strategyMaps.active, true),
          eq(users.status, 'active'),
          // Subscribed, active user; account not removed or halted (accounts module decides).
          inArray(strategyMaps.accountId, tradableAccountIds(deps.db, deps.clock.now())),
        ),
      );

  return {
    async enter({ setting, intent, seq }) {
      const now = deps.clock.now();
      const day = istDate(now);
      const waveId = `${setting.id}:${day}:E${seq}`;
      const maps = await activeMaps(setting.id);
      const lots = (setting.params as { lots?: number }).lots ?? 1;
      const planned: Array<{
        map: (typeof maps)[number]['map'];
        account: (typeof maps)[number]['account'];
        leg: Awaited<ReturnType<LegResolver['resolve']>>;
        qty: { lots: number; qtyUnits: number };
      }> = [];
      for (const { map, account } of maps) {
        try {
          const leg = await deps.legs.resolve({
            underlying: setting.underlying,
            leg: intent.leg,
            now,
            premiumOverridePaise: map.premiumOverridePaise,
          });
          const qty = scaledQuantity({ lots, lotMultiplier: map.lotMultiplier, lotSize: leg.lotSize });
          planned.push({ map, account, leg, qty });
        } catch (err) {
          deps.log.warn({ err, mapId: map.id, waveId }, 'wave skips an account: no contract');
        }
      }
      const commands: OrderCommand[] = [];
      const userIds: string[] = [];
      await deps.db.transaction(async (tx) => {
        const wave = await tx
          .insert(signalWaves)
          .values({ id: waveId, settingId: setting.id, tradingDay: day, kind: 'ENTRY', intent, createdAt: now })
          .onConflictDoNothing()
          .returning({ id: signalWaves.id });
        if (wave.length === 0) return; // a replay of a wave already fanned out
        for (const { map, account, leg, qty } of planned) {
          const [trade] = await tx
            .insert(trades)
            .values({
              waveId,
              settingId: setting.id,
              mapId: map.id,
              userId: map.userId,
              accountId: account.id,
              tradingDay: day,
              instrumentId: leg.instrumentId,
              side: intent.side,
              lots: qty.lots,
              qtyUnits: qty.qtyUnits,
              status: 'PENDING_ENTRY',
              risk: { slPct: intent.slPct, targetPct: intent.targetPct },
              route: account.effectiveMode,
              routeReason: account.modeReason,
              createdAt: now,
            })
            .returning({ id: trades.id });
          const clientOrderId = entryOrderId({ settingId: setting.id, waveId, accountId: account.id, leg: 0 });
          const [order] = await tx
            .insert(orders)
            .values({
              clientOrderId,
              tradeId: trade!.id,
              accountId: account.id,
              userId: map.userId,
              purpose: 'ENTRY',
              instrumentId: leg.instrumentId,
              side: intent.side,
              qtyUnits: qty.qtyUnits,
              orderType: 'MARKET',
              status: 'NEW',
              filledQtyUnits: 0,
              avgPricePaise: 0,
              broker: account.broker,
              route: account.effectiveMode,
              routeReason: account.modeReason,
              createdAt: now,
              updatedAt: now,
            })
            .returning({ id: orders.id });
          commands.push({ v: 1, kind: 'PLACE', orderId: order!.id, clientOrderId, enqueuedAt: Date.now() });
          userIds.push(map.userId);
        }
      });
      if (commands.length > 0) await deps.bus.appendMany(STREAMS.orderCommands, commands);
      await deps.bus.publish(CHANNELS.strategyEvents, {
        type: 'wave',
        waveId,
        settingId: setting.id,
        orders: commands.length,
        at: now,
      });
      deps.log.info({ waveId, orders: commands.length, reason: intent.reason }, 'signal wave fanned out');
      return { waveId, created: commands.length };
    },
  };
}
