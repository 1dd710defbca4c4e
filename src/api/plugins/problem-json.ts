import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** PostgreSQL's SQLSTATE for an insert or update naming a row that does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE of a database error, which Drizzle wraps (`err.cause`) around the driver's (pg or PGlite). */
function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** An application error with a stable code, an HTTP status and a title (Fastify's FST_ERR_* style). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    detail?: string,
  ) {
    super(detail ?? title);
  }
}

/** Stable application error codes. */
export const API_ERRORS = {
  unauthenticated: () => new ApiError('UNAUTHENTICATED', 401, 'Sign in required'),
  invalidCredentials: () => new ApiError('INVALID_CREDENTIALS', 401, 'Invalid email or password'),
  forbidden: () => new ApiError('FORBIDDEN', 403, 'Not allowed'),
  notFound: (what: string) => new ApiError('NOT_FOUND', 404, 'Not found', `${what} was not found`),
} as const;

function send(reply: FastifyReply, req: FastifyRequest, status: number, body: Record<string, unknown>) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', status, instance: req.url, requestId: req.id, ...body });
}

/** The one place that turns errors into problem+json responses. Unknown errors are a 500 with no details. */
export const problemJson = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError)
      return send(reply, req, err.status, { title: err.title, detail: err.message, code: err.code });
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      return send(reply, req, 400, { title: 'Invalid request', detail, code: 'VALIDATION_FAILED', errors });
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, req, err.statusCode, {
        title: err.message,
        detail: err.message,
        code: err.code ?? 'BAD_REQUEST',
      });
    }
    if (sqlState(err) === FOREIGN_KEY_VIOLATION) {
      // A route should have checked that what the request names exists; the database refusing it is still the
      // request's fault, and the transaction was rolled back, so nothing was half-written.
      req.log.warn({ err }, 'request referred to a row that does not exist');
      return send(reply, req, 422, {
        title: 'Unknown reference',
        detail: 'the request refers to something that does not exist',
        code: 'UNKNOWN_REFERENCE',
      });
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, req, 500, { title: 'Internal error', detail: `request ${req.id} failed`, code: 'INTERNAL' });
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, req, 404, { title: 'Not found', detail: `${req.method} ${req.url} does not exist`, code: 'NOT_FOUND' }),
  );
});
