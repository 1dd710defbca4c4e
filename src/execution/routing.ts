import { type BrokerAdapter, BrokerError } from '#src/brokers/contract';
import { createPaperAdapter } from '#src/brokers/paper';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { coalesce } from './batching';
import { anyOf } from './order-store';

/** Where an account's orders go right now: its broker when effectively live, the paper broker otherwise. */
export interface Route {
  readonly adapter: BrokerAdapter;
  readonly route: 'paper' | 'live';
  readonly broker: string;
  /** Why paper, when the trader chose live (TOKEN_EXPIRED, NOT_CONNECTED, …); USER_CHOICE when they chose paper. */
  readonly reason: string | null;
}

export interface Router {
  /**
   * The route for an account's next order. `follow` pins an order that already went somewhere (tracking, a
   * redelivery) or an exit of a position opened live: it goes where its order or position is, even when the
   * account has since been halted to paper or switched to live.
   */
  routeFor(accountId: string, opts?: RouteOptions): Promise<Route>;
}

export interface RouteOptions {
  readonly follow?: 'paper' | 'live';
  /** The account's row when the caller read it just now (with the order), sparing a query. */
  readonly account?: AccountRow;
}

type AccountRow = typeof tables.brokerAccounts.$inferSelect;

/** Builds live adapters for effectively-live accounts; wired by the broker issues. */
export type LiveAdapterFactory = (account: AccountRow) => Promise<BrokerAdapter | undefined>;

export function createRouter(deps: {
  db: Db;
  bus: Bus;
  clock: Clock;
  quote: (id: InstrumentId) => Promise<Tick | undefined>;
  live?: LiveAdapterFactory;
}): Router {
  const paper = new Map<string, BrokerAdapter>();
  const paperFor = (accountId: string) => {
    let a = paper.get(accountId);
    if (!a) {
      a = createPaperAdapter({ bus: deps.bus, clock: deps.clock, accountId, quote: deps.quote });
      paper.set(accountId, a);
    }
    return a;
  };
  // A wave routes hundreds of orders at once: their accounts are read by one query (always fresh: no cache).
  const account = coalesce(async (ids: readonly string[]) => {
    const { brokerAccounts } = tables;
    const rows = await deps.db.select().from(brokerAccounts).where(anyOf(brokerAccounts.id, ids));
    return new Map(rows.map((a) => [a.id, a]));
  });
  return {
    async routeFor(accountId, opts) {
      const acc = opts?.account?.id === accountId ? opts.account : await account(accountId);
      if (!acc) throw new Error(`broker account ${accountId} does not exist`);
      const live =
        opts?.follow === 'paper'
          ? false
          : opts?.follow === 'live'
            ? acc.broker !== 'paper'
            : acc.effectiveMode === 'live';
      if (!live) {
        // A paper account never has a broker client.
        return {
          adapter: paperFor(accountId),
          route: 'paper',
          broker: 'paper',
          reason: acc.modeReason ?? 'USER_CHOICE',
        };
      }
      const adapter = await deps.live?.(acc);
      if (!adapter)
        throw new BrokerError('NOT_SUPPORTED', acc.broker, `live trading is not available for broker ${acc.broker}`);
      return { adapter, route: 'live', broker: acc.broker, reason: null };
    },
  };
}
