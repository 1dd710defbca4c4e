import { and, eq, sql } from 'drizzle-orm';
import { hashPassword } from '#src/accounts';
import type { BrokerCredentials } from '#src/brokers/contract';
import type { Clock } from '#src/platform/clock';
import type { Crypto } from '#src/platform/crypto';
import { type Db, tables } from '#src/platform/db';

const { users, brokerAccounts, strategySettings, strategyMaps, plans, subscriptions } = tables;

/** The embedded demo's logins. Demo only: production never seeds (SEED_DEMO defaults to false there). */
export const DEMO_USERS = [
  { email: 'super@mynrobo.local', password: 'super-demo-1', displayName: 'Sam Super', role: 'super_admin' },
  { email: 'admin@mynrobo.local', password: 'admin-demo-1', displayName: 'Anil Admin', role: 'admin' },
  { email: 'asha@mynrobo.local', password: 'trader-demo-1', displayName: 'Asha Rao', role: 'trader', lotMultiplier: 1 },
  {
    email: 'ravi@mynrobo.local',
    password: 'trader-demo-2',
    displayName: 'Ravi Kumar',
    role: 'trader',
    lotMultiplier: 2,
  },
  // Trades a Fyers account (the embedded simulator): live, once connected through the Fyers login.
  {
    email: 'kiran@mynrobo.local',
    password: 'trader-demo-3',
    displayName: 'Kiran Shah',
    role: 'trader',
    lotMultiplier: 1,
    broker: 'fyers',
  },
] as const;

/** The label of the demo's simulator-backed Fyers account. */
export const DEMO_FYERS_LABEL = 'Fyers (simulator)';

/** The demo Fyers app: its credentials, stored encrypted on the account, and the crypto that seals them. */
export interface DemoFyers {
  readonly credentials: BrokerCredentials;
  readonly crypto: Crypto;
}

export const DEMO_SETTING_NAME = 'NIFTY ORB (MYN_OPT)';
export const DEMO_PLAN_NAME = 'Demo (all strategies)';

/** The demo plan, and a year's active subscription for a trader, so the fan-out trades their accounts. */
async function ensureSubscription(db: Db, now: number, userId: string): Promise<void> {
  await db
    .insert(plans)
    .values({
      name: DEMO_PLAN_NAME,
      pricePaise: 0,
      periodDays: 365,
      strategyIds: [],
      maxBrokerAccounts: 5,
      maxLotMultiplier: 10,
      active: true,
      createdAt: now,
    })
    .onConflictDoNothing();
  const [plan] = await db.select().from(plans).where(eq(plans.name, DEMO_PLAN_NAME));
  const existing = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(eq(subscriptions.userId, userId));
  if (!plan || existing[0]) return;
  await db.insert(subscriptions).values({
    userId,
    planId: plan.id,
    // Wide on purpose: demo and replay clocks may start on any day.
    startsAt: 0,
    endsAt: now + 10 * 365 * 86_400_000,
    graceDays: 0,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  });
}

async function ensureUser(db: Db, now: number, u: (typeof DEMO_USERS)[number]): Promise<string> {
  const find = () => db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${u.email}`);
  const existing = await find();
  if (existing[0]) return existing[0].id;
  // Several processes may seed at once: a concurrent insert wins and we read its row.
  await db
    .insert(users)
    .values({
      email: u.email,
      passwordHash: await hashPassword(u.password),
      displayName: u.displayName,
      role: u.role,
      status: 'active',
      createdAt: now,
    })
    .onConflictDoNothing();
  const [row] = await find();
  return row!.id;
}

async function ensurePaperAccount(db: Db, now: number, userId: string, name: string): Promise<string> {
  const existing = await db
    .select({ id: brokerAccounts.id })
    .from(brokerAccounts)
    .where(and(eq(brokerAccounts.userId, userId), eq(brokerAccounts.broker, 'paper')));
  if (existing[0]) return existing[0].id;
  const [row] = await db
    .insert(brokerAccounts)
    .values({
      userId,
      broker: 'paper',
      label: `${name.split(' ')[0]} · Paper`,
      brokerClientId: `PAPER-${name.split(' ')[0]?.toUpperCase()}`,
      mode: 'paper',
      effectiveMode: 'paper',
      modeReason: 'USER_CHOICE',
      tokenState: 'NOT_CONNECTED',
      createdAt: now,
    })
    .returning({ id: brokerAccounts.id });
  return row!.id;
}

/**
 * The Fyers account of a demo trader: chosen live, NOT_CONNECTED (so effectively paper) until the trader goes
 * through the Fyers login, which in the demo is the embedded simulator's.
 */
async function ensureFyersAccount(db: Db, now: number, userId: string, fyers: DemoFyers): Promise<string> {
  const [existing] = await db
    .select()
    .from(brokerAccounts)
    .where(and(eq(brokerAccounts.userId, userId), eq(brokerAccounts.broker, 'fyers')));
  if (existing) {
    // The demo app's redirect follows the port of this start, and a new simulator knows no old session: keep
    // the credentials in step and drop a stored session (the trader connects again).
    const stale = existing.tokenState === 'CONNECTED';
    const wasLive = existing.effectiveMode === 'live';
    await db
      .update(brokerAccounts)
      .set({
        credentialsEnc: fyers.crypto.encrypt(JSON.stringify(fyers.credentials)),
        ...(stale ? { sessionEnc: null, tokenState: 'NOT_CONNECTED', tokenExpiresAt: null } : {}),
        ...(wasLive ? { effectiveMode: 'paper', modeReason: 'NOT_CONNECTED' } : {}),
      })
      .where(eq(brokerAccounts.id, existing.id));
    return existing.id;
  }
  const [row] = await db
    .insert(brokerAccounts)
    .values({
      userId,
      broker: 'fyers',
      label: DEMO_FYERS_LABEL,
      brokerClientId: 'XD0001',
      mode: 'live',
      effectiveMode: 'paper',
      modeReason: 'NOT_CONNECTED',
      tokenState: 'NOT_CONNECTED',
      credentialsEnc: fyers.crypto.encrypt(JSON.stringify(fyers.credentials)),
      createdAt: now,
    })
    .returning({ id: brokerAccounts.id });
  return row!.id;
}

/**
 * Seeds the demo users, a demo plan with the traders' subscriptions, their accounts (paper; the Fyers trader's
 * simulator account when `fyers` is given), the MYN_OPT setting and one map per trader. Idempotent.
 */
export async function seedDemo(deps: { db: Db; clock: Clock; fyers?: DemoFyers | undefined }): Promise<void> {
  const now = deps.clock.now();
  const { db } = deps;
  await db
    .insert(strategySettings)
    .values({
      strategyId: 'MYN_OPT',
      name: DEMO_SETTING_NAME,
      underlying: 'NIFTY',
      params: { lots: 1 },
      status: 'running',
      createdAt: now,
    })
    .onConflictDoNothing();
  const [setting] = await db.select().from(strategySettings).where(eq(strategySettings.name, DEMO_SETTING_NAME));
  for (const u of DEMO_USERS) {
    const userId = await ensureUser(db, now, u);
    if (u.role !== 'trader' || !setting) continue;
    await ensureSubscription(db, now, userId);
    const accountId =
      'broker' in u && deps.fyers
        ? await ensureFyersAccount(db, now, userId, deps.fyers)
        : await ensurePaperAccount(db, now, userId, u.displayName);
    await db
      .insert(strategyMaps)
      .values({
        settingId: setting.id,
        userId,
        accountId,
        lotMultiplier: u.lotMultiplier,
        active: true,
        createdAt: now,
      })
      .onConflictDoNothing();
  }
}
