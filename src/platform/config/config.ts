import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { envSchema } from './schema';

/** A value that must never be printed: it renders as [redacted] in logs and JSON. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString() {
    return '[redacted]';
  }
  toJSON() {
    return '[redacted]';
  }
}

/** The validated configuration, sliced per module. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  /** embedded: PGlite + memory bus in one process; production: PostgreSQL + Redis. */
  readonly embedded: boolean;
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl: string | undefined };
  readonly log: { readonly level: string };
  readonly store:
    | { readonly kind: 'pglite'; readonly dataDir: string | undefined }
    | { readonly kind: 'postgres'; readonly url: string };
  readonly bus:
    | { readonly kind: 'memory' }
    | { readonly kind: 'redis'; readonly url: string; readonly namespace: string };
  readonly clock:
    | { readonly kind: 'real' }
    | {
        readonly kind: 'accelerated';
        readonly start: string | undefined;
        readonly speed: number;
        readonly anchor: number | undefined;
      };
  readonly auth: { readonly sessionSecret: Secret; readonly sessionTtlMs: number; readonly cookieSecure: boolean };
  readonly sim: {
    readonly enabled: boolean;
    readonly seed: number;
    readonly tickIntervalMs: number;
    readonly profile: 'demo' | 'full';
    /** Only these underlyings are simulated; undefined = the whole universe. */
    readonly underlyings: readonly string[] | undefined;
  };
  /** The feed role's market data: the simulated exchange, a recorded tick file, or a broker socket on one account. */
  readonly feed: {
    readonly source:
      | { readonly kind: 'sim' }
      | { readonly kind: 'replay'; readonly file: string }
      | { readonly kind: 'broker'; readonly accountId: string };
  };
  readonly demo: { readonly seed: boolean };
  readonly web: { readonly dir: string };
  readonly executor: {
    readonly concurrency: number;
    /** Timers of the executor's background duties, wall ms (see roles/executor.ts ExecutorTimings). */
    readonly timings: {
      readonly trackMs: number;
      readonly trackStreamedMs: number;
      readonly repairMs: number;
      readonly sweepMs: number;
      readonly sweepAgeMs: number;
      readonly inFlightMs: number;
      readonly reconcileMs: number;
      readonly reclaimIdleMs: number;
    };
    /** Seconds an entry may stay unfilled before the gateway cancels it (ENTRY_TIMEOUT). */
    readonly entryTimeoutSec: number;
    /** Per-account safeguards (the same for every account; a breach halts that account only). */
    readonly accountLimits: { readonly maxConsecutiveErrors: number; readonly maxDayLossPaise: number };
    /**
     * Exchange algo ids: a strategy's own registered id wins, then `perBroker`, then `defaultId`. When `required`,
     * a live entry with none is refused (ALGO_ID_MISSING). Paper orders never need one.
     */
    readonly algoIds: {
      readonly required: boolean;
      readonly defaultId: string | undefined;
      readonly perBroker: Readonly<Record<string, string>>;
    };
  };
  readonly heartbeatMs: number;
  /** Live brokers' hosts (real ones by default). */
  readonly brokers: {
    readonly fyers: {
      readonly apiBaseUrl: string;
      readonly orderSocketUrl: string;
      readonly dataSocketUrl: string;
      readonly symbolMasterBaseUrl: string;
      /** Embedded demo: a local Fyers simulator stands in for the hosts above. */
      readonly simulate: boolean;
    };
    /** IST wall time (HH:MM) of the daily broker instrument-master sync into the broker symbol tables; undefined: off. */
    readonly masterSyncAtIst: string | undefined;
  };
  /** Identity and tenancy: mail, secrets at rest, login throttling, token lifetimes, sweep intervals. */
  readonly accounts: {
    /** SMTP relay; unset means the in-memory dev outbox (embedded only). */
    readonly smtpUrl: string | undefined;
    readonly mailFrom: string;
    readonly masterKey: { readonly id: string; readonly key: Secret; readonly retired: Secret };
    readonly loginMaxFailures: number;
    readonly loginLockoutMs: number;
    readonly verifyTokenTtlMs: number;
    readonly resetTokenTtlMs: number;
    readonly tokenSweepMs: number;
    readonly subscriptionSweepMs: number;
  };
}

// Embedded demo (and tests) only: a fixed master key so an embedded data folder stays readable across restarts.
const DEV_MASTER_KEY = Buffer.alloc(32, 'mynrobo-embedded-dev-master-key!').toString('base64');

/** Thrown with every problem at once, each naming its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function formatIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n');
}

/**
 * Validates the environment once, at start. `role` 'all' runs embedded unless DATABASE_URL/REDIS_URL are set;
 * a single role always needs both (it shares state with other processes).
 */
export function loadConfig(env: Record<string, string | undefined>, role = 'all'): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n${formatIssues(parsed.error.issues)}`);
  const e = parsed.data;
  const problems: string[] = [];
  const embedded = !e.DATABASE_URL && !e.REDIS_URL;
  if (role !== 'all' && !e.DATABASE_URL) problems.push('  DATABASE_URL: required when running a single role');
  if (role !== 'all' && !e.REDIS_URL) problems.push('  REDIS_URL: required when running a single role');
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) problems.push('  SESSION_SECRET: required in production');
  // Tests of split roles run without one; everything else outside the embedded demo must bring its own key.
  if (!embedded && !e.MASTER_KEY && e.NODE_ENV !== 'test')
    problems.push('  MASTER_KEY: required unless embedded (32 bytes, base64)');
  if (e.MASTER_KEY && Buffer.from(e.MASTER_KEY, 'base64').length !== 32)
    problems.push('  MASTER_KEY: must be 32 bytes of base64');
  if (e.FEED_SOURCE === 'replay' && !e.FEED_REPLAY_FILE)
    problems.push('  FEED_REPLAY_FILE: required when FEED_SOURCE=replay (a tick CSV: ts,id,ltp,bid,ask,volume)');
  if (e.FEED_SOURCE === 'broker' && !e.FEED_BROKER_ACCOUNT_ID)
    problems.push(
      '  FEED_BROKER_ACCOUNT_ID: required when FEED_SOURCE=broker (the broker account whose session the feed uses)',
    );
  // The embedded Fyers simulator prices itself from the LTP cache the feed writes: it cannot also be the feed.
  if (e.FEED_SOURCE === 'broker' && e.FYERS_SIM === true)
    problems.push('  FEED_SOURCE: broker cannot run with FYERS_SIM=true (the simulator is priced by the feed)');
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`);
  return {
    env: e.NODE_ENV,
    embedded,
    http: { host: e.HOST, port: e.PORT, publicUrl: e.PUBLIC_URL },
    log: { level: e.LOG_LEVEL },
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.DATA_DIR === ':memory:' ? undefined : resolve(e.DATA_DIR, 'db') },
    bus: e.REDIS_URL ? { kind: 'redis', url: e.REDIS_URL, namespace: e.REDIS_NAMESPACE } : { kind: 'memory' },
    clock:
      e.CLOCK === 'real'
        ? { kind: 'real' }
        : { kind: 'accelerated', start: e.CLOCK_START, speed: e.CLOCK_SPEED, anchor: e.CLOCK_ANCHOR },
    auth: {
      // Embedded demo: a per-process random secret (sessions end with the process). Production sets its own.
      sessionSecret: new Secret(e.SESSION_SECRET ?? randomBytes(32).toString('hex')),
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
      cookieSecure: e.COOKIE_SECURE,
    },
    sim: {
      enabled: e.SIM_MARKET,
      seed: e.SIM_SEED,
      tickIntervalMs: e.SIM_TICK_MS,
      profile: e.SIM_PROFILE,
      underlyings: e.SIM_UNDERLYINGS?.split(','),
    },
    feed: { source: feedSource(e) },
    demo: { seed: e.SEED_DEMO ?? embedded },
    web: { dir: resolve(e.WEB_DIR) },
    executor: {
      concurrency: e.EXECUTOR_CONCURRENCY,
      timings: {
        trackMs: e.EXECUTOR_TRACK_MS,
        trackStreamedMs: e.EXECUTOR_TRACK_STREAMED_MS,
        repairMs: e.EXECUTOR_REPAIR_MS,
        sweepMs: e.EXECUTOR_SWEEP_MS,
        sweepAgeMs: e.EXECUTOR_SWEEP_AGE_MS,
        inFlightMs: e.EXECUTOR_IN_FLIGHT_MS,
        reconcileMs: e.EXECUTOR_RECONCILE_MS,
        reclaimIdleMs: e.EXECUTOR_RECLAIM_IDLE_MS,
      },
      entryTimeoutSec: e.ENTRY_TIMEOUT_SEC,
      accountLimits: {
        maxConsecutiveErrors: e.ACCOUNT_MAX_CONSECUTIVE_ERRORS,
        maxDayLossPaise: e.ACCOUNT_DAY_LOSS_LIMIT_RUPEES * 100,
      },
      algoIds: algoIds(e, env, embedded),
    },
    heartbeatMs: e.HEARTBEAT_MS,
    brokers: {
      fyers: {
        apiBaseUrl: e.FYERS_API_URL,
        orderSocketUrl: e.FYERS_ORDER_SOCKET_URL,
        dataSocketUrl: e.FYERS_DATA_SOCKET_URL,
        symbolMasterBaseUrl: e.FYERS_SYMBOL_MASTER_URL,
        // The simulator only where nothing real is configured: embedded, simulated market, default hosts.
        simulate:
          e.FYERS_SIM ?? (embedded && e.SIM_MARKET && env.FYERS_API_URL === undefined && e.FEED_SOURCE !== 'broker'),
      },
      masterSyncAtIst: e.BROKER_MASTER_SYNC_AT === 'off' ? undefined : e.BROKER_MASTER_SYNC_AT,
    },
    accounts: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      masterKey: {
        id: e.MASTER_KEY_ID,
        key: new Secret(e.MASTER_KEY ?? DEV_MASTER_KEY),
        retired: new Secret(e.MASTER_KEYS_RETIRED),
      },
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockoutMs: e.LOGIN_LOCKOUT_MINUTES * 60_000,
      verifyTokenTtlMs: e.VERIFY_TOKEN_TTL_HOURS * 3_600_000,
      resetTokenTtlMs: e.RESET_TOKEN_TTL_MINUTES * 60_000,
      tokenSweepMs: e.TOKEN_SWEEP_MS,
      subscriptionSweepMs: e.SUBSCRIPTION_SWEEP_MS,
    },
  };
}

function feedSource(e: z.infer<typeof envSchema>): Config['feed']['source'] {
  if (e.FEED_SOURCE === 'replay') return { kind: 'replay', file: resolve(e.FEED_REPLAY_FILE ?? '') };
  if (e.FEED_SOURCE === 'broker') return { kind: 'broker', accountId: e.FEED_BROKER_ACCOUNT_ID ?? '' };
  return { kind: 'sim' };
}

/** The embedded demo's generic algo id, labelled as such: it is not exchange-issued. */
export const DEMO_ALGO_ID = 'DEMO-GENERIC-NOT-EXCHANGE-ISSUED';

/**
 * Required by default in production only (SEBI: mandatory from 2026-04-01 for every live algo order); development,
 * tests and the embedded demo trade paper or simulated brokers. An embedded run on the simulators gets the labelled
 * demo id as its default, so its orders show one; pointed at a real broker it gets none unless ALGO_ID_* says.
 */
function algoIds(
  e: z.infer<typeof envSchema>,
  env: Record<string, string | undefined>,
  embedded: boolean,
): Config['executor']['algoIds'] {
  const perBroker: Record<string, string> = {};
  const byBroker = {
    fyers: e.ALGO_ID_FYERS,
    flattrade: e.ALGO_ID_FLATTRADE,
    aliceblue: e.ALGO_ID_ALICEBLUE,
    mastertrust: e.ALGO_ID_MASTERTRUST,
  };
  for (const [broker, id] of Object.entries(byBroker)) if (id) perBroker[broker] = id;
  const simulatorsOnly = embedded && e.FYERS_SIM !== false && env.FYERS_API_URL === undefined;
  return {
    required: e.ALGO_ID_REQUIRED ?? e.NODE_ENV === 'production',
    defaultId: e.ALGO_ID_DEFAULT ?? (simulatorsOnly ? DEMO_ALGO_ID : undefined),
    perBroker,
  };
}
