import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths redacted from every log line: tokens, secrets and passwords never reach a log. */
const REDACT = [
  'password',
  '*.password',
  'accessToken',
  '*.accessToken',
  'appSecret',
  '*.appSecret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

/** Structured JSON logging, one line per event. `destination` lets tests capture lines. */
export function createLogger(opts: { level: string; name?: string; destination?: pino.DestinationStream }): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { pid: process.pid, ...(opts.name ? { role: opts.name } : {}) },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
