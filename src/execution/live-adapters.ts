import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type AccountModeEvent, type BrokerLookup, expireBrokerSession } from '#src/accounts';
import {
  type BrokerAdapter,
  type BrokerCredentials,
  type BrokerDefinition,
  BrokerError,
  type BrokerSession,
  isSessionError,
  type SymbolResolver,
  type Unwatch,
} from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Crypto } from '#src/platform/crypto';
import { type Db, tables } from '#src/platform/db';
import type { OrderUpdateSink } from './order-updates';
import type { LiveAdapterFactory } from './routing';

type AccountRow = typeof tables.brokerAccounts.$inferSelect;

/** Live broker adapters for effectively-live accounts, one per account and session, dropped when either changes. */
export interface LiveAdapters {
  /** The router's live factory: the account's adapter, built on first use from its stored session. */
  readonly factory: LiveAdapterFactory;
  /** Adapters currently held (for tests and health). */
  size(): number;
  close(): Promise<void>;
}

export interface LiveAdaptersDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly crypto: Crypto;
  readonly brokers: BrokerLookup;
  /** Hears the order stream of each adapter that has one, from its build until it is dropped. */
  readonly orderUpdates?: OrderUpdateSink;
  readonly log?: Logger;
}

/** Longer than any broker call (a request times out well before). */
const RETIRE_GRACE_MS = 60_000;

interface Held {
  readonly sessionEnc: string;
  readonly adapter: Promise<BrokerAdapter>;
  readonly watch: Watch;
}

/** An adapter's order stream: stopped when the adapter is dropped, even if that happens while it starts. */
interface Watch {
  stopped: boolean;
  unwatch?: Unwatch;
}

/**
 * Builds adapters from an account's encrypted credentials and session. A session error from the broker (token
 * refused before its stated expiry) expires the session at once, so the account, and only it, falls to paper.
 */
export async function createLiveAdapters(deps: LiveAdaptersDeps): Promise<LiveAdapters> {
  const held = new Map<string, Held>();
  const retiring = new Set<Promise<BrokerAdapter>>();
  const symbols = createSymbolCache(deps.db, deps.log);
  const closeNow = (adapter: Promise<BrokerAdapter>) => {
    retiring.delete(adapter);
    return adapter.then((a) => a.close()).catch(() => undefined);
  };
  const drop = (accountId: string) => {
    const h = held.get(accountId);
    if (!h) return;
    held.delete(accountId);
    stopWatch(accountId, h.watch);
    // A call may still be in flight on the old adapter (an order being placed): let it finish before closing.
    retiring.add(h.adapter);
    setTimeout(() => void closeNow(h.adapter), RETIRE_GRACE_MS).unref();
  };
  // Any mode or token change of an account (expiry, reconnect, halt) ends its adapter; the next order rebuilds it.
  const sub: Subscription = await deps.bus.subscribe(CHANNELS.accountMode, (message) => {
    drop((message as unknown as AccountModeEvent).accountId);
  });
  // A new instrument master (the scheduler's daily broker sync) reaches the adapters already held.
  const masterSub: Subscription = await deps.bus.subscribe(CHANNELS.marketReference, (message) => {
    if ((message as { kind?: unknown }).kind === 'instruments') void symbols.reload(deps.brokers);
  });
  const stopWatch = (accountId: string, w: Watch) => {
    if (w.stopped) return;
    w.stopped = true;
    deps.orderUpdates?.onState(accountId, 'DOWN');
    w.unwatch?.().catch((err) => deps.log?.warn({ err, accountId }, 'could not stop an order stream'));
  };
  /** Subscribes to the adapter's order updates, where it has a stream; a failure leaves the account to polling. */
  const watchOrders = async (accountId: string, adapter: BrokerAdapter, w: Watch) => {
    const sink = deps.orderUpdates;
    if (!sink || adapter.capabilities.watchOrders === 'none' || !adapter.watchOrders) return;
    try {
      const unwatch = await adapter.watchOrders(
        (order) => w.stopped || sink.onUpdate(accountId, order),
        (state) => w.stopped || sink.onState(accountId, state),
      );
      if (w.stopped) await unwatch();
      else w.unwatch = unwatch;
    } catch (err) {
      deps.log?.warn({ err, accountId }, 'order stream did not start; its orders are polled');
    }
  };
  const onSessionError = async (accountId: string) => {
    drop(accountId);
    await expireBrokerSession(deps, { accountId, now: deps.clock.now() }).catch((err) =>
      deps.log?.error({ err, accountId }, 'could not expire a refused broker session'),
    );
  };
  const build = async (acc: AccountRow, def: BrokerDefinition, sessionEnc: string, w: Watch) => {
    if (!acc.credentialsEnc) throw new BrokerError('AUTH_FAILED', acc.broker, 'the account has no credentials');
    const adapter = def.createAdapter({
      session: JSON.parse(deps.crypto.decrypt(sessionEnc)) as BrokerSession,
      credentials: JSON.parse(deps.crypto.decrypt(acc.credentialsEnc)) as BrokerCredentials,
      symbols: await symbols.forBroker(def),
      clock: deps.clock,
      ...(deps.log ? { log: deps.log.child({ broker: def.id, accountId: acc.id }) } : {}),
    });
    await watchOrders(acc.id, adapter, w);
    return watchSessionErrors(adapter, () => onSessionError(acc.id));
  };
  const factory: LiveAdapterFactory = async (acc) => {
    const def = deps.brokers.get(acc.broker);
    if (!def || acc.broker === 'paper' || !acc.sessionEnc) return undefined;
    const h = held.get(acc.id);
    if (h && h.sessionEnc === acc.sessionEnc) return h.adapter;
    if (h) drop(acc.id);
    const watch: Watch = { stopped: false };
    const adapter = build(acc, def, acc.sessionEnc, watch);
    held.set(acc.id, { sessionEnc: acc.sessionEnc, adapter, watch });
    // A failed build is not kept: the next order tries again.
    adapter.catch(() => held.get(acc.id)?.adapter === adapter && held.delete(acc.id));
    return adapter;
  };
  return {
    factory,
    size: () => held.size,
    async close() {
      await sub.unsubscribe();
      await masterSub.unsubscribe();
      for (const id of [...held.keys()]) drop(id);
      await Promise.all([...retiring].map(closeNow));
    },
  };
}

/** Wraps every call of an adapter so a session error reports itself before it is rethrown. */
function watchSessionErrors(adapter: BrokerAdapter, onSessionError: () => Promise<void>): BrokerAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'close' || prop === 'watchOrders') return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          if (err instanceof BrokerError && isSessionError(err.code)) await onSessionError();
          throw err;
        }
      };
    },
  });
}

/**
 * Instrument id ↔ broker symbol, per broker: the catalog's broker_symbols table when the master sync has filled
 * it, else the broker's own master download. Adapters hold a stable resolver that reads the broker's current
 * table, so `reload()` after a new master reaches every held adapter without rebuilding it; a failed reload keeps
 * the table in use, and a failed first load is retried on the next order.
 */
function createSymbolCache(db: Db, log?: Logger) {
  const current = new Map<string, SymbolResolver>();
  const loading = new Map<string, Promise<SymbolResolver>>();
  const load = async (def: BrokerDefinition): Promise<SymbolResolver> => {
    const rows = await db.select().from(tables.brokerSymbols).where(eq(tables.brokerSymbols.broker, def.id));
    if (rows.length > 0)
      return resolverOver(
        def.id,
        rows.map((r) => ({ id: r.instrumentId, symbol: r.brokerSymbol, token: r.token, exchange: r.exchangeCode })),
      );
    if (!def.fetchInstruments) throw new BrokerError('NOT_SUPPORTED', def.id, 'no symbol table and no master');
    const master = await def.fetchInstruments();
    return resolverOver(
      def.id,
      master.map((r) => ({ id: r.instrumentId, symbol: r.brokerSymbol, token: r.token, exchange: null })),
    );
  };
  const table = (broker: string): SymbolResolver => {
    const t = current.get(broker);
    if (!t) throw new BrokerError('NOT_SUPPORTED', broker, 'the symbol table is not loaded');
    return t;
  };
  return {
    forBroker(def: BrokerDefinition): Promise<SymbolResolver> {
      const cached = loading.get(def.id);
      if (cached) return cached;
      const made = load(def).then((t): SymbolResolver => {
        current.set(def.id, t);
        return { toBroker: (id) => table(def.id).toBroker(id), fromBroker: (s) => table(def.id).fromBroker(s) };
      });
      loading.set(def.id, made);
      made.catch(() => loading.delete(def.id));
      return made;
    },
    /** Re-reads every loaded broker's table (after an instrument master sync). */
    async reload(brokers: BrokerLookup): Promise<void> {
      for (const id of [...current.keys()]) {
        const def = brokers.get(id);
        if (!def) continue;
        await load(def).then(
          (t) => current.set(id, t),
          (err: unknown) => log?.warn({ err, broker: id }, 'reloading a broker symbol table failed; the old one stays'),
        );
      }
    },
  };
}

interface SymbolRow {
  readonly id: string;
  readonly symbol: string;
  readonly token: string;
  readonly exchange: string | null;
}

function resolverOver(broker: string, rows: readonly SymbolRow[]): SymbolResolver {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const byBroker = new Map<string, InstrumentId>();
  for (const r of rows) {
    byBroker.set(r.symbol, r.id as InstrumentId);
    if (r.token) byBroker.set(r.token, r.id as InstrumentId);
  }
  return {
    toBroker(id) {
      const r = byId.get(id);
      if (!r) throw new BrokerError('INVALID_ORDER', broker, `${id} is not in the ${broker} symbol master`);
      return { symbol: r.symbol, token: r.token, ...(r.exchange ? { exchange: r.exchange } : {}) };
    },
    fromBroker: (symbolOrToken) => byBroker.get(symbolOrToken),
  };
}
