import { istDate } from '#src/domain/calendar';
import type { ContractSpecs } from '#src/domain/instrument';
import { parseInstrumentId } from '#src/domain/instrument';
import type { InstrumentRules } from './instrument-rules';

/** Instrument rules read from the market's contract specs (lot sizes per expiry, freeze quantities per date). */
export function instrumentRulesFrom(specs: ContractSpecs): InstrumentRules {
  return {
    lotSize(id) {
      const i = parseInstrumentId(id);
      return i.kind === 'OPT' || i.kind === 'FUT' ? specs.lotSize(i.symbol, i.expiry) : 1;
    },
    freezeQty(id, at) {
      const i = parseInstrumentId(id);
      return i.kind === 'OPT' || i.kind === 'FUT' ? specs.freezeQty(i.symbol, istDate(at)) : Number.MAX_SAFE_INTEGER;
    },
    tickPaise: (id) => specs.tickSizePaise(parseInstrumentId(id).symbol),
    segment: (id) => parseInstrumentId(id).segment,
  };
}
