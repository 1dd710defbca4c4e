import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { BrokerCredentials, BrokerDefinition, BrokerSession } from '#src/brokers/contract';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Crypto } from '#src/platform/crypto';
import { type Db, tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { accountsError } from '../errors';
import type { TradingMode } from './effective-mode';
import { decideFor, selectModeInputs, syncAccountModes } from './mode-sync';
import type { OAuthState } from './oauth-state';

const { brokerAccounts, trades } = tables;
type AccountRow = typeof brokerAccounts.$inferSelect;

/** Looks up a broker definition by id (brokers/registry.ts, or a test double). */
export interface BrokerLookup {
  get(id: string): BrokerDefinition | undefined;
}

/** A broker account as the API shows it: never credentials, never the session. */
export interface BrokerAccountView {
  id: string;
  userId: string;
  broker: string;
  label: string;
  brokerClientId: string;
  mode: TradingMode;
  effectiveMode: TradingMode;
  modeReason: string | null;
  tokenState: string;
  tokenExpiresAt: number | null;
  hasCredentials: boolean;
  halted: boolean;
  adminForcedPaper: boolean;
  createdAt: number;
}

export interface BrokerAccountsDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly crypto: Crypto;
  readonly brokers: BrokerLookup;
  readonly oauthState: OAuthState;
}

const OPEN_TRADE = ['OPEN', 'EXITING', 'PENDING_ENTRY'];

/**
 * A trader's broker accounts: CRUD with credentials encrypted at rest, the OAuth connect/callback, disconnect and
 * the admin overrides. Every change recomputes the effective mode (decideMode) and publishes it on the bus.
 * Reads are row-level: every query filters by the owner unless the caller is an admin path (`userId` undefined).
 */
export function createBrokerAccounts(deps: BrokerAccountsDeps) {
  const { db } = deps;
  const owned = (id: string, userId: string | undefined) =>
    and(
      eq(brokerAccounts.id, id),
      isNull(brokerAccounts.archivedAt),
      userId ? eq(brokerAccounts.userId, userId) : undefined,
    );
  const sync = (id: string, actorId: string | null) =>
    syncAccountModes({ db, bus: deps.bus }, { where: eq(brokerAccounts.id, id), now: deps.clock.now(), actorId });

  const views = async (where: ReturnType<typeof owned>): Promise<BrokerAccountView[]> => {
    const now = deps.clock.now();
    return (await selectModeInputs(db, now, where)).map((row) => toView(row.account, decideFor(row, now)));
  };
  const getRow = async (id: string, userId: string | undefined): Promise<AccountRow> => {
    const [row] = await db.select().from(brokerAccounts).where(owned(id, userId));
    if (!row) throw accountsError('NOT_FOUND', 'broker account not found');
    return row;
  };
  const get = async (id: string, userId: string | undefined) => {
    const [view] = await views(owned(id, userId));
    if (!view) throw accountsError('NOT_FOUND', 'broker account not found');
    return view;
  };

  return {
    list: (userId: string) => views(and(eq(brokerAccounts.userId, userId), isNull(brokerAccounts.archivedAt))),
    get,
    async create(p: {
      userId: string;
      broker: string;
      label: string;
      brokerClientId: string;
      credentials?: BrokerCredentials | undefined;
      maxAccounts?: number;
    }) {
      if (p.broker !== 'paper' && !deps.brokers.get(p.broker)) throw accountsError('BROKER_UNSUPPORTED');
      const now = deps.clock.now();
      const [row] = await db
        .insert(brokerAccounts)
        .values({
          userId: p.userId,
          broker: p.broker,
          label: p.label,
          brokerClientId: p.brokerClientId,
          mode: 'paper',
          effectiveMode: 'paper',
          modeReason: 'USER_CHOICE',
          tokenState: 'NOT_CONNECTED',
          credentialsEnc: p.credentials ? deps.crypto.encrypt(JSON.stringify(p.credentials)) : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: brokerAccounts.id });
      const id = row?.id ?? '';
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'broker.account_added',
        subject: id,
        data: { broker: p.broker },
      });
      await sync(id, p.userId);
      return get(id, p.userId);
    },
    async update(p: {
      id: string;
      userId: string;
      label?: string | undefined;
      mode?: TradingMode | undefined;
      credentials?: BrokerCredentials | undefined;
    }) {
      const row = await getRow(p.id, p.userId);
      if (p.mode === 'live' && row.broker === 'paper') throw accountsError('MODE_NOT_ALLOWED');
      await db
        .update(brokerAccounts)
        .set({
          ...(p.label !== undefined ? { label: p.label } : {}),
          ...(p.mode !== undefined ? { mode: p.mode } : {}),
          ...(p.credentials ? { credentialsEnc: deps.crypto.encrypt(JSON.stringify(p.credentials)) } : {}),
          updatedAt: deps.clock.now(),
        })
        .where(eq(brokerAccounts.id, p.id));
      if (p.mode !== undefined && p.mode !== row.mode)
        await appendAudit(db, {
          at: Date.now(),
          actorId: p.userId,
          action: 'account.mode_chosen',
          subject: p.id,
          data: { mode: p.mode },
        });
      if (p.credentials)
        await appendAudit(db, {
          at: Date.now(),
          actorId: p.userId,
          action: 'broker.credentials_saved',
          subject: p.id,
          data: {},
        });
      await sync(p.id, p.userId);
      return get(p.id, p.userId);
    },
    /** Removes an account (kept for history, hidden and never traded); refused while it has open trades. */
    async archive(p: { id: string; userId: string }) {
      await getRow(p.id, p.userId);
      const open = await db
        .select({ id: trades.id })
        .from(trades)
        .where(and(eq(trades.accountId, p.id), inArray(trades.status, OPEN_TRADE)))
        .limit(1);
      if (open.length > 0) throw accountsError('OPEN_POSITIONS');
      await db
        .update(brokerAccounts)
        .set({ archivedAt: deps.clock.now(), sessionEnc: null, tokenState: 'REVOKED' })
        .where(eq(brokerAccounts.id, p.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'broker.account_removed',
        subject: p.id,
        data: {},
      });
      await sync(p.id, p.userId);
    },
    /** Starts the broker login: the authorize URL carrying a signed single-use state. */
    async connect(p: { id: string; userId: string }) {
      const row = await getRow(p.id, p.userId);
      const def = deps.brokers.get(row.broker);
      if (!def || row.broker === 'paper') throw accountsError('BROKER_UNSUPPORTED');
      if (!row.credentialsEnc) throw accountsError('CREDENTIALS_MISSING');
      const credentials = JSON.parse(deps.crypto.decrypt(row.credentialsEnc)) as BrokerCredentials;
      const state = deps.oauthState.issue({ accountId: row.id, userId: row.userId, now: Date.now() });
      return { authorizeUrl: def.auth.authorizeUrl({ credentials, state }) };
    },
    /** The broker's redirect: verifies the state, exchanges the code and stores the session encrypted. */
    async callback(p: { code: string; state: string }) {
      const s = await deps.oauthState.consume(p.state, Date.now());
      const row = await getRow(s.accountId, s.userId);
      const def = deps.brokers.get(row.broker);
      if (!def || !row.credentialsEnc) throw accountsError('BROKER_UNSUPPORTED');
      const credentials = JSON.parse(deps.crypto.decrypt(row.credentialsEnc)) as BrokerCredentials;
      let session: BrokerSession;
      try {
        session = await def.auth.exchangeCode({ credentials, code: p.code, now: deps.clock.now() });
      } catch (err) {
        await appendAudit(db, {
          at: Date.now(),
          actorId: s.userId,
          action: 'broker.connect_failed',
          subject: row.id,
          data: {},
        });
        throw Object.assign(accountsError('BROKER_AUTH_FAILED'), { cause: err });
      }
      await db
        .update(brokerAccounts)
        .set({
          sessionEnc: deps.crypto.encrypt(JSON.stringify(session)),
          tokenState: 'CONNECTED',
          tokenExpiresAt: session.expiresAt,
          updatedAt: deps.clock.now(),
        })
        .where(eq(brokerAccounts.id, row.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: s.userId,
        action: 'broker.connect',
        subject: row.id,
        data: { expiresAt: session.expiresAt },
      });
      await sync(row.id, s.userId);
      return get(row.id, s.userId);
    },
    async disconnect(p: { id: string; userId: string }) {
      await getRow(p.id, p.userId);
      await db
        .update(brokerAccounts)
        .set({ sessionEnc: null, tokenState: 'REVOKED', updatedAt: deps.clock.now() })
        .where(eq(brokerAccounts.id, p.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'broker.disconnect',
        subject: p.id,
        data: {},
      });
      await sync(p.id, p.userId);
      return get(p.id, p.userId);
    },
    /** Admin: halt an account or force it to paper (or lift either). */
    async setOverrides(p: {
      id: string;
      actorId: string;
      halted?: boolean | undefined;
      adminForcedPaper?: boolean | undefined;
      reason: string;
    }) {
      await getRow(p.id, undefined);
      await db
        .update(brokerAccounts)
        .set({
          ...(p.halted !== undefined ? { halted: p.halted } : {}),
          ...(p.adminForcedPaper !== undefined ? { adminForcedPaper: p.adminForcedPaper } : {}),
        })
        .where(eq(brokerAccounts.id, p.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.actorId,
        action: 'admin.account_override',
        subject: p.id,
        data: { halted: p.halted ?? null, adminForcedPaper: p.adminForcedPaper ?? null, reason: p.reason },
      });
      await sync(p.id, p.actorId);
      return get(p.id, undefined);
    },
  };
}

export type BrokerAccounts = ReturnType<typeof createBrokerAccounts>;

function toView(a: AccountRow, d: ReturnType<typeof decideFor>): BrokerAccountView {
  return {
    id: a.id,
    userId: a.userId,
    broker: a.broker,
    label: a.label,
    brokerClientId: a.brokerClientId,
    mode: a.mode as TradingMode,
    effectiveMode: d.effectiveMode,
    modeReason: d.reason,
    tokenState: d.tokenState,
    tokenExpiresAt: a.tokenExpiresAt,
    hasCredentials: a.credentialsEnc !== null,
    halted: a.halted,
    adminForcedPaper: a.adminForcedPaper,
    createdAt: a.createdAt,
  };
}
