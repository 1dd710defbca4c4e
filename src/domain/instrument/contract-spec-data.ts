import { z } from 'zod';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A lot size in force for contracts expiring on or after `fromExpiry` (lot revisions apply per contract expiry). */
export interface LotSizeRow {
  readonly fromExpiry: string;
  /** Units per lot: the quantity a price move is multiplied by (for MCX, the contract multiplier). */
  readonly lot: number;
  readonly note?: string | undefined;
}

/** A freeze quantity (largest single order, in units) in force for trading dates on or after `from`. */
export interface FreezeQtyRow {
  readonly from: string;
  readonly qty: number;
}

/** One underlying's contract specification, as kept in data/instruments.json. */
export interface UnderlyingSpec {
  readonly symbol: string;
  readonly name: string;
  readonly exchange: 'NSE' | 'BSE' | 'MCX';
  /** The derivatives segment its futures and options trade in. */
  readonly segment: 'NFO' | 'BFO' | 'MCX';
  /** The spot index id (e.g. NSE_INDEX:NIFTY); null for MCX commodities, whose reference is the near future. */
  readonly index: string | null;
  readonly tickSizePaise: number;
  /** Option strike interval in rupees; null when not known (take it from the option chain). */
  readonly strikeStep: number | null;
  readonly lotSizes: readonly LotSizeRow[];
  readonly freezeQty: readonly FreezeQtyRow[];
  /** Published futures expiries where no rule derives them (MCX launch calendars). */
  readonly futuresExpiries?: readonly string[] | undefined;
  readonly confidence: string;
  readonly notes?: string | undefined;
}

/** The shape of data/instruments.json: per-underlying specs, each row effective-dated. */
export interface ContractSpecData {
  readonly underlyings: readonly UnderlyingSpec[];
}

const date = z.string().regex(DATE_RE, 'expected YYYY-MM-DD');
const positiveInt = z.number().int().positive();

const schema = z.object({
  underlyings: z
    .array(
      z.object({
        symbol: z.string().regex(/^[A-Z0-9&_-]{1,32}$/),
        name: z.string().min(1),
        exchange: z.enum(['NSE', 'BSE', 'MCX']),
        segment: z.enum(['NFO', 'BFO', 'MCX']),
        index: z
          .string()
          .regex(/^(NSE|BSE|MCX)_INDEX:[A-Z0-9&_-]+$/)
          .nullable(),
        tickSizePaise: positiveInt,
        strikeStep: z.number().positive().nullable(),
        lotSizes: z.array(z.object({ fromExpiry: date, lot: positiveInt, note: z.string().optional() })).min(1),
        freezeQty: z.array(z.object({ from: date, qty: positiveInt })),
        futuresExpiries: z.array(date).optional(),
        confidence: z.string(),
        notes: z.string().optional(),
      }),
    )
    .min(1, 'the contract catalog is never empty'),
});

/** Thrown when contract-spec data fails validation. */
export class InvalidContractSpecDataError extends Error {
  readonly code = 'INVALID_CONTRACT_SPEC_DATA';
}

function assertAscending(symbol: string, what: string, dates: readonly string[]): void {
  for (let i = 1; i < dates.length; i++) {
    if ((dates[i] ?? '') <= (dates[i - 1] ?? '')) {
      throw new InvalidContractSpecDataError(`invalid contract specs: ${symbol} ${what} must be in ascending order`);
    }
  }
}

/** Validates raw JSON (data/instruments.json read by platform code) as ContractSpecData. Pure. */
export function parseContractSpecData(raw: unknown): ContractSpecData {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new InvalidContractSpecDataError(`invalid contract specs: ${z.prettifyError(result.error)}`);
  }
  const seen = new Set<string>();
  for (const u of result.data.underlyings) {
    if (seen.has(u.symbol)) throw new InvalidContractSpecDataError(`invalid contract specs: duplicate ${u.symbol}`);
    seen.add(u.symbol);
    assertAscending(
      u.symbol,
      'lotSizes',
      u.lotSizes.map((r) => r.fromExpiry),
    );
    assertAscending(
      u.symbol,
      'freezeQty',
      u.freezeQty.map((r) => r.from),
    );
    assertAscending(u.symbol, 'futuresExpiries', u.futuresExpiries ?? []);
  }
  return result.data;
}
