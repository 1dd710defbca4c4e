import { exitOrderFor } from '#src/execution';
import { type Bus, STREAMS } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Db, tables } from '#src/platform/db';

type Trade = typeof tables.trades.$inferSelect;

/** Exit reasons recorded on a trade. */
export type ExitReason = 'SL' | 'TARGET' | 'TIME_EXIT' | 'STRATEGY_EXIT' | 'MANUAL' | 'KILL_SWITCH';

/**
 * Closes a trade: OPEN → EXITING and one exit order, in one transaction (the gateway's `exitOrderFor`). The exit's
 * client order id includes the quantities, so the same exit requested twice (two monitors, a replay, a square-off
 * racing a stop) is one order.
 */
export async function exitTrade(
  deps: { db: Db; bus: Bus; clock: Clock },
  trade: Trade,
  reason: ExitReason,
): Promise<boolean> {
  const command = await exitOrderFor(deps, trade, reason);
  if (command) await deps.bus.append(STREAMS.orderCommands, command);
  return command !== undefined;
}
