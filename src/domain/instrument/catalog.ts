import { type Instrument, type InstrumentId, type OptionType, parseInstrumentId } from './instrument-id';
import { type StrikeSelector, stepsOutOfMoney } from './strikes';

/** One tradable contract as an instrument master lists it (a BrokerInstrument satisfies this). */
export interface ContractRow {
  readonly instrumentId: InstrumentId;
  readonly lotSize: number;
  readonly tickSizePaise: number;
  readonly freezeQty?: number | undefined;
}

/** A catalog entry: the row plus its parsed structure. */
export type CatalogContract = ContractRow & { readonly instrument: Instrument & { readonly kind: 'FUT' | 'OPT' } };

/** One strike of an option chain with whichever sides are listed. */
export interface ChainRow {
  readonly strike: number;
  readonly CE?: CatalogContract | undefined;
  readonly PE?: CatalogContract | undefined;
}

/** Pure queries over a snapshot of derivative contracts (futures and options). Rebuild it when the master changes. */
export interface InstrumentCatalog {
  /** The contract with this id, if listed. */
  get(id: InstrumentId): CatalogContract | undefined;
  /** Listed expiries of an underlying on or after `onDate`, ascending; `kind` limits to futures or options. */
  expiries(underlying: string, onDate: string, kind?: 'FUT' | 'OPT'): string[];
  /** The listed option with this expiry, side and strike. */
  option(underlying: string, expiry: string, optionType: OptionType, strike: number): CatalogContract | undefined;
  /** Listed strikes around spot: the strike nearest spot and up to `width` listed strikes either side. */
  optionChain(q: { underlying: string; expiry: string; spotPaise: number; width: number }): ChainRow[];
  /**
   * The option a selector names, counted over *listed* strikes (so uneven grids in the tails are handled): ATM is
   * the listed strike nearest spot, OTMn is n listed strikes out of the money. Undefined when not listed.
   */
  selectOption(q: {
    underlying: string;
    expiry: string;
    optionType: OptionType;
    selector: StrikeSelector;
    spotPaise: number;
  }): CatalogContract | undefined;
  /** Futures of an underlying expiring on or after `onDate`, nearest first. */
  futures(underlying: string, onDate: string): CatalogContract[];
  /** The nearest-expiring future on or after `onDate`. */
  nearFuture(underlying: string, onDate: string): CatalogContract | undefined;
  /** The future after the near one. */
  nextFuture(underlying: string, onDate: string): CatalogContract | undefined;
}

/** Builds a catalog over `rows`; cash and index rows are ignored. Throws on a duplicate id. */
export function createInstrumentCatalog(rows: readonly ContractRow[]): InstrumentCatalog {
  const { byId, byUnderlying } = indexContracts(rows);
  const of = (underlying: string) => byUnderlying.get(underlying) ?? [];
  const optionsOf = (underlying: string, expiry: string, side?: OptionType) =>
    of(underlying).filter(
      (c) => c.instrument.kind === 'OPT' && c.instrument.expiry === expiry && (!side || sideAndStrike(c)?.[0] === side),
    );
  const option = (underlying: string, expiry: string, optionType: OptionType, strike: number) =>
    optionsOf(underlying, expiry, optionType).find((c) => sideAndStrike(c)?.[1] === strike);
  const futures = (underlying: string, onDate: string) =>
    of(underlying)
      .filter((c) => c.instrument.kind === 'FUT' && c.instrument.expiry >= onDate)
      .sort((x, y) => (x.instrument.expiry < y.instrument.expiry ? -1 : 1));

  return {
    get: (id) => byId.get(id),
    expiries: (underlying, onDate, kind) => {
      const listed = of(underlying).filter((c) => !kind || c.instrument.kind === kind);
      return [...new Set(listed.map((c) => c.instrument.expiry).filter((e) => e >= onDate))].sort();
    },
    option,
    optionChain: ({ underlying, expiry, spotPaise, width }) =>
      strikesAround(listedStrikes(optionsOf(underlying, expiry)), spotPaise, width).map((strike) => ({
        strike,
        CE: option(underlying, expiry, 'CE', strike),
        PE: option(underlying, expiry, 'PE', strike),
      })),
    selectOption: ({ underlying, expiry, optionType, selector, spotPaise }) => {
      const strikes = listedStrikes(optionsOf(underlying, expiry, optionType));
      const atm = nearestIndex(strikes, spotPaise);
      // Calls go out of the money upwards, puts downwards.
      const strike = atm < 0 ? undefined : strikes[atm + stepsOutOfMoney(selector) * (optionType === 'CE' ? 1 : -1)];
      return strike === undefined ? undefined : option(underlying, expiry, optionType, strike);
    },
    futures,
    nearFuture: (underlying, onDate) => futures(underlying, onDate)[0],
    nextFuture: (underlying, onDate) => futures(underlying, onDate)[1],
  };
}

function indexContracts(rows: readonly ContractRow[]) {
  const byId = new Map<InstrumentId, CatalogContract>();
  const byUnderlying = new Map<string, CatalogContract[]>();
  for (const row of rows) {
    const instrument = parseInstrumentId(row.instrumentId);
    if (instrument.kind !== 'FUT' && instrument.kind !== 'OPT') continue;
    if (byId.has(row.instrumentId)) throw new RangeError(`duplicate contract ${row.instrumentId} in catalog rows`);
    const contract: CatalogContract = { ...row, instrument };
    byId.set(row.instrumentId, contract);
    const list = byUnderlying.get(instrument.symbol);
    if (list) list.push(contract);
    else byUnderlying.set(instrument.symbol, [contract]);
  }
  return { byId, byUnderlying };
}

function strikesAround(strikes: readonly number[], spotPaise: number, width: number): number[] {
  const atm = nearestIndex(strikes, spotPaise);
  return atm < 0 ? [] : strikes.slice(Math.max(0, atm - width), atm + width + 1);
}

function sideAndStrike(c: CatalogContract): [OptionType, number] | undefined {
  return c.instrument.kind === 'OPT' ? [c.instrument.optionType, c.instrument.strike] : undefined;
}

function listedStrikes(options: readonly CatalogContract[]): number[] {
  const strikes = options.map((c) => sideAndStrike(c)?.[1]).filter((k): k is number => k !== undefined);
  return [...new Set(strikes)].sort((a, b) => a - b);
}

/** Index of the strike nearest spot (ties go to the higher strike, as atmStrike rounds half up); -1 when empty. */
function nearestIndex(strikes: readonly number[], spotPaise: number): number {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  strikes.forEach((k, i) => {
    const distance = Math.abs(Math.round(k * 100) - spotPaise);
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}
