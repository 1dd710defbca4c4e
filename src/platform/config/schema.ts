import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number) => z.coerce.number().int().default(def);
/** An exchange-issued algo id, as brokers' APIs carry it (letters, digits, '-', '_'). */
const algoId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected an exchange algo id: 1-40 letters, digits, - or _');

/**
 * Every environment variable the platform reads, with its default. `loadConfig` is the only reader of
 * process.env. Defaults are the embedded demo; production roles must set DATABASE_URL and REDIS_URL.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(3000).pipe(z.number().min(0).max(65535)),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z.url().optional(),
  REDIS_NAMESPACE: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/)
    .default(''),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_TTL_HOURS: int(12).pipe(
    z
      .number()
      .min(1)
      .max(24 * 30),
  ),
  COOKIE_SECURE: bool.default(false),
  CLOCK: z.enum(['real', 'accelerated']).default('accelerated'),
  CLOCK_START: z.string().optional(),
  CLOCK_SPEED: z.coerce.number().positive().max(100_000).default(40),
  CLOCK_ANCHOR: z.coerce.number().int().positive().optional(),
  SIM_MARKET: bool.default(true),
  SIM_SEED: int(7),
  SIM_TICK_MS: int(1000).pipe(z.number().min(10)),
  SIM_PROFILE: z.enum(['demo', 'full']).default('demo'),
  SIM_UNDERLYINGS: z
    .string()
    .regex(/^[A-Z0-9]+(,[A-Z0-9]+)*$/, 'expected a comma-separated list of underlyings, e.g. NIFTY,CRUDEOIL')
    .optional(),
  SEED_DEMO: bool.optional(),
  WEB_DIR: z.string().default('./web/out'),
  EXECUTOR_CONCURRENCY: int(1024).pipe(z.number().min(1).max(4096)),
  HEARTBEAT_MS: int(2000).pipe(z.number().min(100)),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().min(3).default('MYN Robo <no-reply@mynrobo.local>'),
  MASTER_KEY: z.base64().optional(),
  MASTER_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('k1'),
  MASTER_KEYS_RETIRED: z.string().default(''),
  LOGIN_MAX_FAILURES: int(5).pipe(z.number().min(1).max(100)),
  LOGIN_LOCKOUT_MINUTES: int(15).pipe(
    z
      .number()
      .min(1)
      .max(24 * 60),
  ),
  VERIFY_TOKEN_TTL_HOURS: int(24).pipe(
    z
      .number()
      .min(1)
      .max(24 * 14),
  ),
  RESET_TOKEN_TTL_MINUTES: int(30).pipe(
    z
      .number()
      .min(5)
      .max(24 * 60),
  ),
  TOKEN_SWEEP_MS: int(500).pipe(z.number().min(50)),
  SUBSCRIPTION_SWEEP_MS: int(30_000).pipe(z.number().min(50)),
  FYERS_API_URL: z.url().default('https://api-t1.fyers.in'),
  FYERS_ORDER_SOCKET_URL: z.url().default('wss://socket.fyers.in/trade/v3'),
  FYERS_DATA_SOCKET_URL: z.url().default('wss://socket.fyers.in/hsm/v1-5/prod'),
  FYERS_SYMBOL_MASTER_URL: z.url().default('https://public.fyers.in/sym_details'),
  FYERS_SIM: bool.optional(),
  // Executor background duties (wall ms) and gateway risk defaults; today's values are the defaults.
  EXECUTOR_TRACK_MS: int(1_000).pipe(z.number().min(50)),
  EXECUTOR_TRACK_STREAMED_MS: int(30_000).pipe(z.number().min(50)),
  EXECUTOR_REPAIR_MS: int(10_000).pipe(z.number().min(50)),
  EXECUTOR_SWEEP_MS: int(5_000).pipe(z.number().min(50)),
  EXECUTOR_SWEEP_AGE_MS: int(30_000).pipe(z.number().min(100)),
  EXECUTOR_IN_FLIGHT_MS: int(60_000).pipe(z.number().min(1_000)),
  EXECUTOR_RECONCILE_MS: int(60_000).pipe(z.number().min(100)),
  EXECUTOR_RECLAIM_IDLE_MS: int(30_000).pipe(z.number().min(100)),
  ENTRY_TIMEOUT_SEC: int(30).pipe(z.number().min(1).max(3_600)),
  ACCOUNT_MAX_CONSECUTIVE_ERRORS: int(5).pipe(z.number().min(1).max(1_000)),
  ACCOUNT_DAY_LOSS_LIMIT_RUPEES: int(50_000).pipe(z.number().min(1)),
  // SEBI retail-algo framework: the exchange-issued algo id every live algo order carries.
  ALGO_ID_REQUIRED: bool.optional(),
  ALGO_ID_DEFAULT: algoId.optional(),
  ALGO_ID_FYERS: algoId.optional(),
  ALGO_ID_FLATTRADE: algoId.optional(),
  ALGO_ID_ALICEBLUE: algoId.optional(),
  ALGO_ID_MASTERTRUST: algoId.optional(),
  FEED_SOURCE: z.enum(['sim', 'replay', 'broker']).default('sim'),
  FEED_REPLAY_FILE: z.string().min(1).optional(),
  FEED_BROKER_ACCOUNT_ID: z.uuid().optional(),
  BROKER_MASTER_SYNC_AT: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, 'expected an IST wall time HH:MM (e.g. 08:00) or off')
    .default('08:00'),
});

export type Env = z.infer<typeof envSchema>;
