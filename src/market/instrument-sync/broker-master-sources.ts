import type { BrokerDefinition } from '#src/brokers/contract';
import type { Segment } from '#src/domain/instrument';
import { brokerMasterSource, type InstrumentMasterSource } from './master-source';

/** What a broker's symbol table is synced for: the F&O segments the platform trades and the indices it quotes. */
export const BROKER_MASTER_SEGMENTS: readonly Segment[] = ['NFO', 'BFO', 'MCX', 'NSE_INDEX', 'BSE_INDEX'];

/** The index option chains the platform trades: a broker master without any of them is broken, not thin. */
export const BROKER_MASTER_REQUIRED: readonly string[] = ['NIFTY', 'BANKNIFTY', 'SENSEX'];

/**
 * One master source per broker that publishes an instrument master (`fetchInstruments`), each filling that
 * broker's symbol table; brokers without one (paper) are skipped. Every download is validated against the last
 * good copy before it may replace it (syncInstrumentMaster), so a partial file keeps yesterday's table.
 */
export function brokerMasterSources(
  brokers: readonly BrokerDefinition[],
  opts: { segments?: readonly Segment[]; requiredUnderlyings?: readonly string[] } = {},
): InstrumentMasterSource[] {
  return brokers.flatMap((def) => {
    const fetch = def.fetchInstruments?.bind(def);
    if (!fetch) return [];
    return [
      brokerMasterSource({
        broker: def.id,
        segments: opts.segments ?? BROKER_MASTER_SEGMENTS,
        requiredUnderlyings: opts.requiredUnderlyings ?? BROKER_MASTER_REQUIRED,
        download: fetch,
      }),
    ];
  });
}
