import type { InstrumentId } from '#src/domain/instrument';

/** One simulated index and its option chain. */
export interface SimUnderlying {
  /** Symbol used in option ids, e.g. NIFTY. */
  readonly symbol: string;
  /** The index's own id, e.g. NSE_INDEX:NIFTY. */
  readonly indexId: InstrumentId;
  readonly derivativesSegment: 'NFO' | 'BFO';
  /** Index level at start, in paise. */
  readonly spotPaise: number;
  /** Annualised vol of the index walk, also the ATM implied vol of its options (e.g. 0.14). */
  readonly annualVol: number;
  /** Rupees between strikes, e.g. 50 for NIFTY. */
  readonly strikeStep: number;
  /** The expiry (YYYY-MM-DD) to quote at an instant, normally the nearest weekly; supplied by the caller. */
  readonly expiry: (epochMs: number) => string;
  /** Strikes each side of ATM; default 10. */
  readonly chainWidth?: number;
  /** Units per lot; traded volume grows in whole lots. Default 1. */
  readonly lotSize?: number;
}
