import { and, eq, isNull } from 'drizzle-orm';
import type { BrokerDefinition } from '#src/brokers/contract';
import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Crypto } from '#src/platform/crypto';
import { type Db, tables } from '#src/platform/db';
import { accountsError } from '../errors';
import type { TradingMode } from './effective-mode';
import { decideFor, selectModeInputs, syncAccountModes } from './mode-sync';
import type { OAuthState } from './oauth-state';

const { brokerAccounts } = tables;
export type AccountRow = typeof brokerAccounts.$inferSelect;

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

/** Row access shared by the account services: owner-filtered reads (row level), views with the live mode, sync. */
export function createAccountRows(deps: BrokerAccountsDeps) {
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

  return { owned, sync, views, getRow, get };
}

export type AccountRows = ReturnType<typeof createAccountRows>;

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
