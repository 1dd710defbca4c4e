import { and, eq, isNotNull } from 'drizzle-orm';
import { type Db, tables } from '#src/platform/db';
import { coalesce } from './batching';
import { anyOf, type OrderRow } from './order-store';

const { orders, trades, strategySettings } = tables;

/** Why the gateway refused a live entry: no exchange algo id could be resolved and the config requires one. */
export const ALGO_ID_MISSING = 'ALGO_ID_MISSING';

/**
 * Where exchange algo ids come from (SEBI retail-algo framework: every live algo order carries one from
 * 2026-04-01). A strategy's own registered id wins; then the broker's generic id; then the platform's generic id.
 */
export interface AlgoIdPolicy {
  /** When true, a live entry with no algo id is refused (ALGO_ID_MISSING) instead of sent. */
  readonly required: boolean;
  readonly defaultId?: string | undefined;
  readonly perBroker?: Readonly<Record<string, string>>;
}

/** No ids and nothing required: what a gateway built without configuration (tests, tools) gets. */
export const NO_ALGO_IDS: AlgoIdPolicy = { required: false };

/**
 * The algo id an order goes out with: strategy → broker default → platform default → `fallback` (an exit's own
 * entry's recorded id, so a position is closed under the id that opened it) → none.
 */
export function resolveAlgoId(p: {
  readonly strategyAlgoId: string | null | undefined;
  readonly broker: string;
  readonly policy: AlgoIdPolicy;
  readonly fallback?: string | null | undefined;
}): string | undefined {
  return p.strategyAlgoId || p.policy.perBroker?.[p.broker] || p.policy.defaultId || p.fallback || undefined;
}

/**
 * Whether an order may be sent without an algo id. Paper orders always may; a live entry may not when the policy
 * requires one. A live exit always may: refusing it would trap an open position, and SEBI's rule is enforced by
 * the broker and exchange anyway — the gateway's job is never to open a position without one.
 */
export function algoIdVerdict(p: {
  readonly algoId: string | undefined;
  readonly route: 'paper' | 'live';
  readonly purpose: string;
  readonly policy: AlgoIdPolicy;
}): 'ok' | typeof ALGO_ID_MISSING {
  if (p.algoId || p.route !== 'live' || !p.policy.required || p.purpose === 'EXIT') return 'ok';
  return ALGO_ID_MISSING;
}

/** Resolves each order's algo id from the store, with the strategy table cached briefly. */
export interface AlgoIds {
  readonly policy: AlgoIdPolicy;
  forOrder(o: OrderRow, broker: string): Promise<string | undefined>;
}

/** How long an admin's change of a strategy's algo id may take to reach the executors. */
const SETTINGS_TTL_MS = 5_000;
const MAX_TRADES_CACHED = 50_000;

export function createAlgoIds(deps: { db: Db; policy?: AlgoIdPolicy; now?: () => number }): AlgoIds {
  const policy = deps.policy ?? NO_ALGO_IDS;
  const now = deps.now ?? Date.now;
  // Strategy settings are few: one read every few seconds serves every order; a setting's id is never per order.
  let settings: { at: number; ids: Map<string, string> } | undefined;
  // A trade's setting never changes: cached, so slices and exits of one trade cost no further query.
  const tradeSetting = new Map<string, string>();

  // A wave's handlers all ask at once when the cache is stale: one read answers them all.
  let reading: Promise<Map<string, string>> | undefined;
  const settingIds = async () => {
    if (settings && now() - settings.at < SETTINGS_TTL_MS) return settings.ids;
    reading ??= deps.db
      .select({ id: strategySettings.id, algoId: strategySettings.algoId })
      .from(strategySettings)
      .where(isNotNull(strategySettings.algoId))
      .then((rows) => {
        settings = { at: now(), ids: new Map(rows.map((r) => [r.id, r.algoId as string])) };
        return settings.ids;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  // The trades of a wave's orders are read by one query per event-loop turn.
  const settingsOfTrades = coalesce(async (ids: readonly string[]) => {
    const rows = await deps.db.select({ id: trades.id, s: trades.settingId }).from(trades).where(anyOf(trades.id, ids));
    return new Map(rows.map((r) => [r.id, r.s]));
  });
  const settingOf = async (tradeId: string) => {
    const cached = tradeSetting.get(tradeId);
    if (cached) return cached;
    const s = await settingsOfTrades(tradeId);
    if (!s) return undefined;
    if (tradeSetting.size >= MAX_TRADES_CACHED) tradeSetting.clear();
    tradeSetting.set(tradeId, s);
    return s;
  };

  const strategyAlgoId = async (o: OrderRow) => {
    const ids = await settingIds();
    if (ids.size === 0) return undefined; // no strategy has its own id: skip the per-order lookup
    const s = await settingOf(o.tradeId);
    return s ? ids.get(s) : undefined;
  };

  const entryAlgoId = async (o: OrderRow) => {
    const [e] = await deps.db
      .select({ a: orders.algoId })
      .from(orders)
      .where(and(eq(orders.tradeId, o.tradeId), eq(orders.purpose, 'ENTRY'), isNotNull(orders.algoId)))
      .limit(1);
    return e?.a ?? undefined;
  };

  return {
    policy,
    async forOrder(o, broker) {
      const id = resolveAlgoId({ strategyAlgoId: await strategyAlgoId(o), broker, policy });
      if (id || o.purpose !== 'EXIT') return id;
      return resolveAlgoId({ strategyAlgoId: undefined, broker, policy, fallback: await entryAlgoId(o) });
    },
  };
}
