import type { FastifyInstance } from 'fastify';
import { InvalidDateError, UnknownExpiryRuleError } from '#src/domain/calendar';
import { InvalidInstrumentIdError, UnknownUnderlyingError } from '#src/domain/instrument';
import { MarketError } from '#src/market';
import { ApiError } from '../../plugins/problem-json';

/** Market and domain errors as API errors: bad input is a 400 that says what was wrong, never a 500. */
export function toApiError(err: unknown): unknown {
  if (err instanceof MarketError) return new ApiError(err.code, err.status, err.title, err.message);
  if (err instanceof InvalidInstrumentIdError) return new ApiError(err.code, 400, 'Invalid instrument id', err.message);
  if (err instanceof UnknownUnderlyingError) return new ApiError(err.code, 400, 'Unknown underlying', err.message);
  if (err instanceof UnknownExpiryRuleError) return new ApiError(err.code, 400, 'Unknown expiry rule', err.message);
  if (err instanceof InvalidDateError) return new ApiError('INVALID_DATE', 400, 'Invalid date', err.message);
  return err;
}

/** Maps errors inside this plugin's scope, then hands them to the app's problem+json handler. */
export function mapMarketErrors(app: FastifyInstance): void {
  app.setErrorHandler((err) => {
    throw toApiError(err);
  });
}
