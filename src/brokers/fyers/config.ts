import { z } from 'zod';

/**
 * Fyers settings, defined once. Hosts default to the real Fyers hosts (reference/brokers.md §1.1–1.7) and are all
 * overridable, so the same adapter runs against the simulator.
 */
export const fyersConfigSchema = z.object({
  /** REST host serving `/api/v3/...` and `/data/...`. */
  apiBaseUrl: z.string().url().default('https://api-t1.fyers.in'),
  /** Order-update WebSocket (§1.5). */
  orderSocketUrl: z.string().url().default('wss://socket.fyers.in/trade/v3'),
  /** Binary HSM market-data WebSocket (§1.6). */
  dataSocketUrl: z.string().url().default('wss://socket.fyers.in/hsm/v1-5/prod'),
  /** Folder holding the symbol-master CSVs (§1.7). */
  symbolMasterBaseUrl: z.string().url().default('https://public.fyers.in/sym_details'),
  /** Per-request timeout; past it a write's outcome is unknown. */
  requestTimeoutMs: z.number().int().positive().default(10_000),
  /** Client-side pacing, under Fyers' published 10/s and 200/min per app (§1.8). */
  pacePerSecond: z.number().int().positive().default(8),
  pacePerMinute: z.number().int().positive().default(180),
  /** The platform's daily backstop for token expiry, IST wall time (§1.1 step 6). */
  dailyExpiryIst: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default('03:00'),
  /** Source string sent in the HSM auth frame. */
  feedSource: z.string().default('MYNROBO'),
  /** Reconnect backoff of both sockets. */
  reconnectMinMs: z.number().int().positive().default(500),
  reconnectMaxMs: z.number().int().positive().default(30_000),
  /** A feed with subscriptions that sends nothing for this long is dropped and reconnected. */
  feedStallMs: z.number().int().positive().default(15_000),
  /** Order-book polling period while the order socket is down. */
  orderPollMs: z.number().int().positive().default(2_000),
  /** The symbol-master files the catalog loads. */
  masterFiles: z
    .array(z.enum(['NSE_FO', 'BSE_FO', 'MCX_COM', 'NSE_CM', 'BSE_CM']))
    .default(['NSE_FO', 'BSE_FO', 'MCX_COM', 'NSE_CM', 'BSE_CM']),
});

/** Validated Fyers configuration. */
export type FyersConfig = z.infer<typeof fyersConfigSchema>;

/** Parses partial settings into a full config with defaults. */
export function parseFyersConfig(input: z.input<typeof fyersConfigSchema> = {}): FyersConfig {
  return fyersConfigSchema.parse(input);
}
