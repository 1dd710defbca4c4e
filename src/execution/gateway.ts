import { and, eq, inArray, isNotNull, lt, notInArray } from 'drizzle-orm';
import type { BrokerOrder } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import { isSliceOrderId, maxSliceUnits, sliceQuantity } from '#src/domain/order';
import { type AccountLimits, DEFAULT_ACCOUNT_LIMITS } from '#src/domain/risk';
import { type Bus, STREAMS, type StreamEntry } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Metrics } from '#src/platform/metrics';
import { createAccountRisk } from './account-risk';
import type { AlgoIdPolicy } from './algo-ids';
import { createDeadLetters } from './dead-letters';
import type { Halts } from './halts';
import type { InstrumentRules } from './instrument-rules';
import { type OrderCommand, orderCommandSchema } from './messages';
import { createOrderOutcomes, ENTRY_TIMEOUT } from './order-outcomes';
import { createOrderSender } from './order-sender';
import { createOrderMove, createOrderWithAccountLoader, loadOrder, type OrderRow } from './order-store';
import { applyPushedOrder, type PushResult } from './order-updates';
import type { RateLimiter } from './rate-limiter';
import type { Route, Router } from './routing';
import { sliceOrder } from './slicer';
import type { TradeLedger } from './trade-ledger';

const { orders, orderSlices } = tables;
type AccountRow = typeof tables.brokerAccounts.$inferSelect;

/** The order gateway: one command in, at most one broker order per client order id out, tracked to the end. */
export interface OrderGateway {
  /** Handles one stream entry; resolves to acknowledge it. Safe to call again with the same entry. */
  handle(entry: StreamEntry): Promise<void>;
  /**
   * Polls working orders at their brokers and applies what changed; `exceptAccounts` (accounts whose order
   * stream is connected) are left to their pushes.
   */
  trackWorkingOrders(opts?: { readonly exceptAccounts?: readonly string[] }): Promise<void>;
  /** Applies an order update an account's broker pushed, as tracking would; idempotent. */
  applyBrokerUpdate(accountId: string, order: BrokerOrder): Promise<PushResult>;
  /** Finishes settlements a crash interrupted (sliced parents, trades waiting on ended orders); idempotent. */
  repair(): Promise<number>;
  /** Cancels entries still unfilled after the entry timeout (market-clock time); their trades end ENTRY_TIMEOUT. */
  expireEntries(): Promise<number>;
}

export interface OrderGatewayDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly router: Router;
  readonly ledger: TradeLedger;
  readonly halts: Halts;
  readonly limiter: RateLimiter;
  readonly rules: InstrumentRules;
  readonly quote: (id: InstrumentId) => Promise<Tick | undefined>;
  /** This executor's name, recorded as the idempotency key's holder. */
  readonly instance: string;
  readonly limits?: AccountLimits;
  /** Exchange algo ids (config ALGO_ID_*): which id each order carries and whether a live entry needs one. */
  readonly algoIds?: AlgoIdPolicy;
  /** Seconds an entry may stay unfilled before it is cancelled. Default 30. */
  readonly entryTimeoutSec?: number;
  /** Longer than any broker call (see OrderSenderDeps.inFlightMs). Default 60 000. */
  readonly inFlightMs?: number;
  /** Deliveries after which a command that keeps failing is dead-lettered. Default 20. */
  readonly maxDeliveries?: number;
}

export function createOrderGateway(deps: OrderGatewayDeps): OrderGateway {
  const { db, clock, log } = deps;
  const move = createOrderMove(db, clock);
  const load = createOrderWithAccountLoader(db);
  const risk = createAccountRisk({ ...deps, limits: deps.limits ?? DEFAULT_ACCOUNT_LIMITS });
  const outcomes = createOrderOutcomes({ db, clock, move, ledger: deps.ledger, risk });
  const sender = createOrderSender({ ...deps, move, outcomes, risk, inFlightMs: deps.inFlightMs ?? 60_000 });
  const dead = createDeadLetters(deps);

  /** Where an order goes: entries by the account's mode now; everything else where its order or position is. */
  const routeOf = async (o: OrderRow, account?: AccountRow): Promise<Route> => {
    const known = account ? { account } : {};
    // An order that went somewhere, and a slice (its parent chose the route), stay where they are.
    if (o.status !== 'NEW' || isSliceOrderId(o.clientOrderId))
      return deps.router.routeFor(o.accountId, { ...known, follow: o.route === 'live' ? 'live' : 'paper' });
    if (o.purpose !== 'EXIT') return deps.router.routeFor(o.accountId, known);
    const live = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.tradeId, o.tradeId), eq(orders.purpose, 'ENTRY'), eq(orders.route, 'live')))
      .limit(1);
    // An exit goes where its position is: to the broker for a live entry, to paper for a paper one.
    return deps.router.routeFor(o.accountId, { ...known, follow: live.length > 0 ? 'live' : 'paper' });
  };

  /** Splits a NEW order above the freeze quantity into children; true when it did (the children carry on). */
  const sliceIfNeeded = async (o: OrderRow, r: Route): Promise<boolean> => {
    if (r.adapter.capabilities.slicing !== 'none') return false;
    const id = o.instrumentId as InstrumentId;
    const p = {
      qtyUnits: o.qtyUnits,
      lotSize: deps.rules.lotSize(id),
      freezeQty: deps.rules.freezeQty(id, o.createdAt),
    };
    if (o.qtyUnits <= maxSliceUnits(p)) return false;
    const commands = await sliceOrder({ db, clock }, o, sliceQuantity(p), r);
    if (commands.length > 0) await deps.bus.appendMany(STREAMS.orderCommands, commands);
    return true;
  };

  const reject = async (o: OrderRow, reason: string) => {
    const rejected = await move(o, 'REJECTED', { rejectReason: reason });
    if (rejected) await outcomes.finish(rejected);
  };

  const place = async (o: OrderRow, account?: AccountRow, killSwitch = deps.halts.killSwitchEngaged()) => {
    if (!['NEW', 'SUBMITTED', 'UNKNOWN'].includes(o.status)) return; // already handled: a redelivery
    if (o.status === 'NEW' && o.purpose === 'ENTRY' && (await killSwitch)) return reject(o, 'KILL_SWITCH');
    const lot = deps.rules.lotSize(o.instrumentId as InstrumentId);
    if (o.qtyUnits <= 0 || o.qtyUnits % lot !== 0) return reject(o, `NOT_WHOLE_LOTS: ${o.qtyUnits} / lot ${lot}`);
    const r = await routeOf(o, account);
    if (o.status === 'NEW' && (await sliceIfNeeded(o, r))) return;
    await sender.place(o, r);
  };

  const cancel = async (o: OrderRow) => {
    const children = await db.select().from(orderSlices).where(eq(orderSlices.parentOrderId, o.id));
    if (children.length === 0) return sender.cancel(o, await routeOf(o));
    for (const c of children) {
      const child = await loadOrder(db, c.childOrderId);
      if (child && ['NEW', 'SUBMITTED', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED'].includes(child.status))
        await sender.cancel(child, await routeOf(child));
    }
  };

  const run = async (cmd: OrderCommand, entry: StreamEntry) => {
    // The kill switch is read (cached, or one query for the whole wave) while the order is loaded, not after.
    const killSwitch = cmd.kind === 'PLACE' ? deps.halts.killSwitchEngaged() : undefined;
    killSwitch?.catch(() => undefined); // awaited below when it matters; never an unhandled rejection
    const loaded = await load(cmd.orderId);
    const o = loaded?.order;
    if (!o || o.clientOrderId !== cmd.clientOrderId) return dead.add(`order ${cmd.orderId} not found`, entry);
    if (cmd.kind === 'PLACE') return place(o, loaded.account ?? undefined, killSwitch);
    return cancel(o);
  };

  /** Leaf orders working at a broker (parents have no broker order id). */
  const working = (extra = and()) =>
    db
      .select()
      .from(orders)
      .where(and(inArray(orders.status, ['OPEN', 'PARTIALLY_FILLED']), isNotNull(orders.brokerOrderId), extra));

  return {
    async handle(entry) {
      const parsed = orderCommandSchema.safeParse(entry.message);
      if (!parsed.success) return dead.add(`invalid command: ${parsed.error.message}`, entry);
      const cmd = parsed.data;
      const max = deps.maxDeliveries ?? 20;
      if (entry.deliveries > max) return dead.add(`gave up after ${entry.deliveries - 1} failed deliveries`, entry);
      await run(cmd, entry);
      deps.metrics.commandsProcessed.inc({ kind: cmd.kind, result: 'ok' });
      deps.metrics.commandLatencyMs.observe(Date.now() - cmd.enqueuedAt);
    },
    repair: () => outcomes.repair(),
    applyBrokerUpdate: (accountId, order) => applyPushedOrder({ db, outcomes }, accountId, order),
    async trackWorkingOrders(opts = {}) {
      const except = opts.exceptAccounts ?? [];
      for (const o of await working(except.length > 0 ? notInArray(orders.accountId, [...except]) : and())) {
        try {
          const r = await routeOf(o);
          const b = await sender.lookup(r.adapter, o);
          if (b) await outcomes.apply(o, b);
        } catch (err) {
          log.warn({ err, clientOrderId: o.clientOrderId }, 'order tracking failed; will retry');
        }
      }
    },
    async expireEntries() {
      const cutoff = clock.now() - (deps.entryTimeoutSec ?? 30) * 1_000;
      const stale = await working(and(eq(orders.purpose, 'ENTRY'), lt(orders.createdAt, cutoff)));
      for (const o of stale) {
        try {
          const marked = await move(o, o.status as 'OPEN', { rejectReason: ENTRY_TIMEOUT });
          if (marked) await sender.cancel(marked, await routeOf(marked));
        } catch (err) {
          log.warn({ err, clientOrderId: o.clientOrderId }, 'entry timeout cancel failed; will retry');
        }
      }
      return stale.length;
    },
  };
}
