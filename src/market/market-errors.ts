/** Stable codes of the market module's application errors, each with its HTTP status and a title. */
export const MARKET_ERROR_TABLE = {
  HOLIDAY_EXISTS: { status: 409, title: 'Holiday already exists' },
  HOLIDAY_NOT_FOUND: { status: 404, title: 'Holiday not found' },
  PROPOSAL_NOT_FOUND: { status: 404, title: 'Holiday proposal not found' },
  PROPOSAL_DECIDED: { status: 409, title: 'Holiday proposal already decided' },
  INVALID_HOLIDAY_MASTER: { status: 400, title: 'Invalid holiday master' },
  UNKNOWN_UNDERLYING: { status: 400, title: 'Unknown underlying' },
  INSTRUMENT_NOT_FOUND: { status: 404, title: 'Instrument not found' },
  NO_OPTIONS_ON_EXPIRY: { status: 400, title: 'No options listed on that expiry' },
  NO_SPOT_PRICE: { status: 409, title: 'No spot price' },
} as const;

/** A market application error code. */
export type MarketErrorCode = keyof typeof MARKET_ERROR_TABLE;

/** An expected market failure with a stable code; the API maps it to problem+json via MARKET_ERROR_TABLE. */
export class MarketError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: MarketErrorCode,
    message: string,
  ) {
    super(message);
    this.status = MARKET_ERROR_TABLE[code].status;
    this.title = MARKET_ERROR_TABLE[code].title;
  }
}

/** Builders for the errors the market module throws, so messages read the same everywhere. */
export const MARKET_ERRORS = {
  holidayExists: (exchange: string, date: string) =>
    new MarketError('HOLIDAY_EXISTS', `${exchange} already has a holiday on ${date}; edit it instead`),
  holidayNotFound: (exchange: string, date: string) =>
    new MarketError('HOLIDAY_NOT_FOUND', `${exchange} has no holiday on ${date}`),
  proposalNotFound: (id: string) => new MarketError('PROPOSAL_NOT_FOUND', `holiday proposal ${id} does not exist`),
  proposalDecided: (id: string, status: string) =>
    new MarketError('PROPOSAL_DECIDED', `holiday proposal ${id} was already ${status.toLowerCase()}`),
  invalidHolidayMaster: (detail: string) => new MarketError('INVALID_HOLIDAY_MASTER', detail),
  unknownUnderlying: (underlying: string, known: readonly string[]) =>
    new MarketError('UNKNOWN_UNDERLYING', `unknown underlying "${underlying}" (listed: ${known.join(', ') || 'none'})`),
  instrumentNotFound: (id: string) => new MarketError('INSTRUMENT_NOT_FOUND', `instrument ${id} is not listed`),
  noOptionsOnExpiry: (underlying: string, expiry: string, listed: readonly string[]) =>
    new MarketError(
      'NO_OPTIONS_ON_EXPIRY',
      `${underlying} has no options expiring ${expiry} (listed: ${listed.join(', ')})`,
    ),
  noSpotPrice: (underlying: string) =>
    new MarketError('NO_SPOT_PRICE', `no live spot price for ${underlying}; pass spotPaise to centre the chain`),
} as const;
