/** Structured logging (pino) with secret redaction. */
export { createLogger, type Logger } from './log';
