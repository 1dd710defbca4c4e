import type { InstrumentId } from '#src/domain/instrument/instrument-id';

/** Contract facts the gateway needs per instrument, read from the market's reference data by the role wiring. */
export interface InstrumentRules {
  lotSize(id: InstrumentId): number;
  /** Largest single order in units on the trading day of `at` (epoch ms). */
  freezeQty(id: InstrumentId, at: number): number;
  tickPaise(id: InstrumentId): number;
  /** The exchange segment (NFO, BFO, MCX …): SEBI's order-rate threshold is per client per segment. */
  segment(id: InstrumentId): string;
}
