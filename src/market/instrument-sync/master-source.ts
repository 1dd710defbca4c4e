import type { BrokerInstrument } from '#src/brokers/contract';
import type { InstrumentId, Segment } from '#src/domain/instrument';

/** One row of an instrument master. Underlying, segment, expiry, strike and side are read from the id itself. */
export interface MasterRow {
  readonly instrumentId: InstrumentId;
  readonly lotSize: number;
  readonly tickSizePaise: number;
  readonly freezeQty?: number | undefined;
  /** The broker's names for the contract; required when the source targets a broker's symbol table. */
  readonly broker?: { readonly symbol: string; readonly token: string; readonly exchangeCode?: string | undefined };
}

/** Where a sync writes: the platform's instrument catalog, or one broker's symbol table. */
export type MasterTarget = { readonly kind: 'catalog' } | { readonly kind: 'broker'; readonly broker: string };

/**
 * An instrument master to sync from: the simulated exchange, a CSV file, or a broker's contract master. A
 * download is all or nothing; the sync validates it against the last good copy before swapping it in.
 */
export interface InstrumentMasterSource {
  /** Stable name; sync status is kept per source and segment. */
  readonly name: string;
  readonly target: MasterTarget;
  /** Segments the master must list; rows of other segments are ignored, a missing one refuses the download. */
  readonly segments: readonly Segment[];
  /** Underlyings that must be present, or the download is refused. */
  readonly requiredUnderlyings: readonly string[];
  /** Downloads and parses the whole master. Throws on any transport or parse failure. */
  download(): Promise<readonly MasterRow[]>;
}

/**
 * Adapts a broker's master (BrokerInstrument rows, e.g. from brokers/fyers/instruments.ts) into a source that
 * fills that broker's symbol table. `exchangeCode` names the broker's exchange for a row, where it has one.
 */
export function brokerMasterSource(opts: {
  broker: string;
  segments: readonly Segment[];
  requiredUnderlyings: readonly string[];
  download: () => Promise<readonly BrokerInstrument[]>;
  exchangeCode?: (row: BrokerInstrument) => string | undefined;
}): InstrumentMasterSource {
  return {
    name: opts.broker,
    target: { kind: 'broker', broker: opts.broker },
    segments: opts.segments,
    requiredUnderlyings: opts.requiredUnderlyings,
    async download() {
      const rows = await opts.download();
      return rows.map((r) => ({
        instrumentId: r.instrumentId,
        lotSize: r.lotSize,
        tickSizePaise: r.tickSizePaise,
        broker: { symbol: r.brokerSymbol, token: r.token, exchangeCode: opts.exchangeCode?.(r) },
      }));
    },
  };
}
