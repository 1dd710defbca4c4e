import type { ContractSpecData, UnderlyingSpec } from './contract-spec-data';
import { type InstrumentId, instrumentId, type Segment } from './instrument-id';

/** Thrown for an underlying the catalog does not know. */
export class UnknownUnderlyingError extends Error {
  readonly code = 'UNKNOWN_UNDERLYING';
}

/** Thrown when the catalog knows an underlying but not the asked-for fact (e.g. a BSE freeze quantity). */
export class MissingContractSpecError extends Error {
  readonly code = 'MISSING_CONTRACT_SPEC';
}

/** Per-underlying contract facts, effective-dated. Every method throws a clear error for an unknown underlying. */
export interface ContractSpecs {
  /** Units per lot for the contract expiring on `expiry` (lot revisions apply per expiry). */
  lotSize(underlying: string, expiry: string): number;
  /** Price tick of the underlying's futures and index options, in paise. */
  tickSizePaise(underlying: string): number;
  /** Option strike interval in rupees. */
  strikeStep(underlying: string): number;
  /** Largest single order in units on trading date `onDate`; larger orders must be sliced. */
  freezeQty(underlying: string, onDate: string): number;
  /** The derivatives segment, e.g. NIFTY → NFO, SENSEX → BFO, CRUDEOIL → MCX. */
  segmentOf(underlying: string): Segment;
  /** The spot index id, e.g. NSE_INDEX:NIFTY. Throws for commodities, which have no index. */
  indexId(underlying: string): InstrumentId;
  /** The full spec row. */
  spec(underlying: string): UnderlyingSpec;
  /** True when the catalog knows the underlying. */
  has(underlying: string): boolean;
  /** Every known underlying symbol. */
  underlyings(): readonly string[];
}

/** Builds the spec lookups over `data` (validate raw JSON with parseContractSpecData first). */
export function createContractSpecs(data: ContractSpecData): ContractSpecs {
  const bySymbol = new Map(data.underlyings.map((u) => [u.symbol, u]));
  const spec = (underlying: string): UnderlyingSpec => {
    const found = bySymbol.get(underlying);
    if (!found) {
      const known = [...bySymbol.keys()].join(', ');
      throw new UnknownUnderlyingError(`unknown underlying "${underlying}" (known: ${known})`);
    }
    return found;
  };
  const missing = (underlying: string, what: string): never => {
    throw new MissingContractSpecError(`${what} for ${underlying} is not known; take it from the contract master`);
  };

  return {
    spec,
    has: (underlying) => bySymbol.has(underlying),
    underlyings: () => [...bySymbol.keys()],
    lotSize: (underlying, expiry) => {
      const row = lastFrom(spec(underlying).lotSizes, (r) => r.fromExpiry, expiry);
      return row?.lot ?? missing(underlying, `lot size of the ${expiry} expiry`);
    },
    tickSizePaise: (underlying) => spec(underlying).tickSizePaise,
    strikeStep: (underlying) => spec(underlying).strikeStep ?? missing(underlying, 'strike step'),
    freezeQty: (underlying, onDate) => {
      const row = lastFrom(spec(underlying).freezeQty, (r) => r.from, onDate);
      return row?.qty ?? missing(underlying, `freeze quantity on ${onDate}`);
    },
    segmentOf: (underlying) => spec(underlying).segment,
    indexId: (underlying) => {
      const index = spec(underlying).index;
      return index === null ? missing(underlying, 'a spot index') : instrumentId(index);
    },
  };
}

/** The last row whose date key is on or before `date` (rows are ascending). */
function lastFrom<T>(rows: readonly T[], key: (row: T) => string, date: string): T | undefined {
  let found: T | undefined;
  for (const row of rows) if (key(row) <= date) found = row;
  return found;
}
