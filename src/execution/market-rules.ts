import { istDate } from '#src/domain/calendar';
import type { ContractSpecs, Instrument } from '#src/domain/instrument';
import { parseInstrumentId as parse } from '#src/domain/instrument';
import type { InstrumentRules } from './instrument-rules';

/** Instrument rules read from the market's contract specs (lot sizes per expiry, freeze quantities per date). */
export function instrumentRulesFrom(specs: ContractSpecs): InstrumentRules {
  // Every command asks several rules of the same few instruments: parse each id once (bounded: a day's chain).
  const parsed = new Map<string, Instrument>();
  const parseInstrumentId = (id: string) => {
    let i = parsed.get(id);
    if (!i) {
      if (parsed.size >= 20_000) parsed.clear();
      i = parse(id);
      parsed.set(id, i);
    }
    return i;
  };
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
