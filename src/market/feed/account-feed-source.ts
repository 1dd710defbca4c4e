import { eq } from 'drizzle-orm';
import {
  type BrokerCredentials,
  type BrokerDefinition,
  BrokerError,
  type BrokerSession,
  type MarketFeed,
  type SymbolResolver,
} from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Crypto } from '#src/platform/crypto';
import { type Db, tables } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { Backoff } from './backoff';
import { type BrokerFeedHandlers, type BrokerFeedSource, createBrokerFeedSource } from './broker-feed-source';

const { brokerAccounts, brokerSymbols } = tables;
type AccountRow = typeof brokerAccounts.$inferSelect;

export interface AccountFeedSourceDeps {
  readonly db: Db;
  readonly crypto: Crypto;
  readonly brokers: { get(id: string): BrokerDefinition | undefined };
  /** The broker account whose stored session the feed connects with. */
  readonly accountId: string;
  readonly clock: Clock;
  /** When given, a new instrument master (CHANNELS.marketReference) reloads the symbol table of a running feed. */
  readonly bus?: Bus;
  readonly log: Logger;
  /** While the feed is not live, how often (wall ms) the account is checked for a newly stored session. */
  readonly sessionCheckMs?: number;
  readonly backoff?: Backoff;
}

/**
 * A broker's market-data socket as the feed role's source, on one broker account's session. Everything is read
 * from the store on every connect: the account's broker and app credentials, the broker symbol table (the daily
 * master sync's copy, else the broker's own master download) and, on every reconnect of the socket, the
 * encrypted session, so a trader's daily reconnect refreshes the feed without a restart. While the feed is down
 * it watches the account: a newly stored session reconnects at once instead of waiting out the backoff. Without a
 * usable session the source stays up, reports why (`status().reason`, in the feed health) and keeps retrying.
 */
export function createAccountFeedSource(deps: AccountFeedSourceDeps): BrokerFeedSource {
  const { db, crypto, clock, accountId } = deps;
  const log = deps.log.child({ feedAccountId: accountId });
  let usedSessionEnc: string | null = null;
  let restartedFor: string | null = null;
  /** The current feed's broker and symbol table; replaced when a new master is synced. */
  let current: { def: BrokerDefinition; table: SymbolResolver } | undefined;
  const interest = new Set<InstrumentId>();
  const symbols: SymbolResolver = {
    toBroker(id) {
      if (!current) throw new BrokerError('UNAVAILABLE', 'feed', 'no symbol table loaded');
      return current.table.toBroker(id);
    },
    fromBroker: (symbolOrToken) => current?.table.fromBroker(symbolOrToken),
  };

  const readAccount = async (): Promise<AccountRow> => {
    const [row] = await db.select().from(brokerAccounts).where(eq(brokerAccounts.id, accountId));
    if (!row || row.archivedAt !== null) throw new Error(`broker account ${accountId} does not exist`);
    return row;
  };

  /** Read again by the broker feed on every (re)connect of its socket. */
  const getSession = async (): Promise<BrokerSession> => {
    const row = await readAccount();
    const problem = sessionProblem(row, clock.now());
    if (problem || !row.sessionEnc) throw new Error(problem ?? 'no session');
    usedSessionEnc = row.sessionEnc;
    return JSON.parse(crypto.decrypt(row.sessionEnc)) as BrokerSession;
  };

  /** The account's broker, app credentials and symbol table; throws with a reason a person can act on. */
  const prepare = async () => {
    const row = await readAccount();
    const def = deps.brokers.get(row.broker);
    if (!def?.createFeed) throw new Error(`broker ${row.broker} has no market-data feed`);
    if (!row.credentialsEnc) throw new Error(`broker account ${accountId} has no app credentials`);
    const credentials = JSON.parse(crypto.decrypt(row.credentialsEnc)) as BrokerCredentials;
    current = { def, table: await loadSymbols(db, def) };
    return { def, createFeed: def.createFeed.bind(def), credentials };
  };

  /** After a master sync: the new table, and instruments it now lists subscribed (known ones are no-ops). */
  const reloadSymbols = async () => {
    if (!current) return;
    current = { def: current.def, table: await loadSymbols(db, current.def) };
    if (interest.size > 0) source.subscribe?.([...interest]);
    log.info({ broker: current.def.id }, 'feed symbol table reloaded after a master sync');
  };

  /** A MarketFeed at once, whose broker feed is built once `prepare` has read what it needs. */
  const connect = (handlers: BrokerFeedHandlers): MarketFeed => {
    let inner: MarketFeed | undefined;
    let closed = false;
    const pending = new Set<InstrumentId>();
    const ready = prepare()
      .then((p) => {
        if (closed) return;
        inner = p.createFeed({
          credentials: p.credentials,
          getSession,
          symbols,
          clock,
          onTicks: handlers.onTicks,
          onState: handlers.onState,
          log: log.child({ broker: p.def.id }),
        });
        if (pending.size > 0) inner.subscribe([...pending]);
      })
      .catch((err: unknown) => {
        if (!closed) handlers.onState('CLOSED', err instanceof Error ? err.message : String(err));
      });
    return {
      get state() {
        return inner?.state ?? (closed ? 'CLOSED' : 'CONNECTING');
      },
      subscribe(ids) {
        if (inner) inner.subscribe(ids);
        else for (const id of ids) pending.add(id);
      },
      unsubscribe(ids) {
        if (inner) inner.unsubscribe(ids);
        else for (const id of ids) pending.delete(id);
      },
      async close() {
        closed = true;
        await ready;
        await inner?.close();
      },
    };
  };

  const source = createBrokerFeedSource({
    name: 'broker',
    clock,
    log,
    segments: ['NFO', 'BFO', 'MCX', 'NSE_INDEX', 'BSE_INDEX'],
    connect,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  });

  /** While down: a session stored since the last connect (the trader reconnected) is tried at once. */
  const checkSession = async () => {
    if (source.state === 'LIVE') return;
    const [row] = await db.select().from(brokerAccounts).where(eq(brokerAccounts.id, accountId));
    if (!row?.sessionEnc || sessionProblem(row, clock.now())) return;
    if (row.sessionEnc === usedSessionEnc || row.sessionEnc === restartedFor) return;
    restartedFor = row.sessionEnc;
    log.info('a new broker session was stored; reconnecting the feed');
    await source.restart('a new session was stored; reconnecting', { fresh: true });
  };
  let watcher: ReturnType<typeof setInterval> | undefined;
  let checking = false;
  let masterSub: Subscription | undefined;

  return {
    name: source.name,
    ...(source.segments ? { segments: source.segments } : {}),
    get state() {
      return source.state;
    },
    get reconnects() {
      return source.reconnects;
    },
    status: () => source.status(),
    async start(onTicks) {
      await source.start(onTicks);
      watcher = setInterval(() => {
        if (checking) return;
        checking = true;
        checkSession()
          .catch((err: unknown) => log.warn({ err }, 'checking the feed account for a new session failed'))
          .finally(() => {
            checking = false;
          });
      }, deps.sessionCheckMs ?? 2_000);
      watcher.unref();
      masterSub = await deps.bus?.subscribe(CHANNELS.marketReference, (m) => {
        if (m && typeof m === 'object' && !Array.isArray(m) && m.kind === 'instruments') {
          reloadSymbols().catch((err: unknown) => log.warn({ err }, 'reloading the feed symbol table failed'));
        }
      });
    },
    async stop() {
      clearInterval(watcher);
      await masterSub?.unsubscribe();
      await source.stop();
    },
    subscribe(ids) {
      for (const id of ids) interest.add(id);
      source.subscribe?.(ids);
    },
    unsubscribe(ids) {
      for (const id of ids) interest.delete(id);
      source.unsubscribe?.(ids);
    },
    restart: (why, opts) => source.restart(why, opts),
  };
}

/** Why the account's stored session cannot be used now, or undefined when it can. */
function sessionProblem(row: AccountRow, now: number): string | undefined {
  if (!row.sessionEnc || row.tokenState === 'NOT_CONNECTED' || row.tokenState === 'REVOKED') {
    return `broker account ${row.id} has no session (${row.tokenState}): connect it`;
  }
  if (row.tokenState !== 'CONNECTED' || (row.tokenExpiresAt !== null && row.tokenExpiresAt <= now)) {
    return `broker account ${row.id}: the session has expired: reconnect it`;
  }
  return undefined;
}

/** The broker symbol table the master sync keeps, else (never synced) the broker's own master download. */
async function loadSymbols(db: Db, def: BrokerDefinition): Promise<SymbolResolver> {
  const rows = await db
    .select({
      id: brokerSymbols.instrumentId,
      symbol: brokerSymbols.brokerSymbol,
      token: brokerSymbols.token,
      exchange: brokerSymbols.exchangeCode,
    })
    .from(brokerSymbols)
    .where(eq(brokerSymbols.broker, def.id));
  const master = rows.length > 0 ? [] : ((await def.fetchInstruments?.()) ?? []);
  const list =
    rows.length > 0
      ? rows
      : master.map((r) => ({ id: r.instrumentId, symbol: r.brokerSymbol, token: r.token, exchange: null }));
  if (list.length === 0) throw new Error(`no ${def.id} symbol table: run the instrument master sync`);
  const byId = new Map(list.map((r) => [r.id, r]));
  const byBroker = new Map<string, InstrumentId>();
  for (const r of list) {
    byBroker.set(r.symbol, r.id as InstrumentId);
    if (r.token) byBroker.set(r.token, r.id as InstrumentId);
  }
  return {
    toBroker(id) {
      const r = byId.get(id);
      if (!r) throw new BrokerError('INVALID_ORDER', def.id, `${id} is not in the ${def.id} symbol master`);
      return { symbol: r.symbol, token: r.token, ...(r.exchange ? { exchange: r.exchange } : {}) };
    },
    fromBroker: (symbolOrToken) => byBroker.get(symbolOrToken),
  };
}
