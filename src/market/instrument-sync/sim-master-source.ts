import { expiries, istDate, type TradingCalendar, UNDERLYING_EXPIRY_RULES } from '#src/domain/calendar';
import {
  atmStrike,
  type ContractSpecs,
  formatInstrumentId,
  type InstrumentId,
  MissingContractSpecError,
  type Segment,
  segmentOf,
} from '#src/domain/instrument';
import type { Clock } from '#src/platform/clock';
import type { InstrumentMasterSource, MasterRow } from './master-source';

/** Spots the simulated exchange lists its option chains around, in paise (the sim feed starts NIFTY at 24,000). */
export const DEFAULT_SIM_SPOTS: Readonly<Record<string, number>> = {
  NIFTY: 2_400_000,
  BANKNIFTY: 5_200_000,
  SENSEX: 8_000_000,
};

/** The shape of the simulated exchange's master. */
export interface SimMasterOptions {
  readonly calendar: TradingCalendar;
  readonly specs: ContractSpecs;
  /** Index underlyings with option chains, and their spots in paise. */
  readonly spotsPaise?: Readonly<Record<string, number>> | undefined;
  /** Listed strikes either side of the ATM strike. */
  readonly strikesEachSide?: number | undefined;
  readonly weeklyExpiries?: number | undefined;
  readonly monthlyExpiries?: number | undefined;
  /** MCX commodities listed as futures (from their published expiry calendars). */
  readonly commodities?: readonly string[] | undefined;
}

/** The segments a sim master lists. */
export const SIM_MASTER_SEGMENTS: readonly Segment[] = ['NSE_INDEX', 'BSE_INDEX', 'NFO', 'BFO', 'MCX'];

/**
 * Every contract the simulated exchange lists on trading date `date`: spot indices, monthly futures, and option
 * chains (weekly and monthly expiries from the expiry rules) around each spot; MCX futures from the published
 * calendars. Lot, tick and freeze quantity come from data/instruments.json via ContractSpecs. Pure.
 */
export function simMasterRows(opts: SimMasterOptions, date: string): MasterRow[] {
  const spots = opts.spotsPaise ?? DEFAULT_SIM_SPOTS;
  const rows: MasterRow[] = [];
  for (const [underlying, spot] of Object.entries(spots)) rows.push(...indexRows(opts, underlying, spot, date));
  for (const commodity of opts.commodities ?? ['CRUDEOIL']) rows.push(...commodityRows(opts.specs, commodity, date));
  return rows;
}

function indexRows(opts: SimMasterOptions, underlying: string, spotPaise: number, date: string): MasterRow[] {
  const { specs, calendar } = opts;
  const segment = specs.segmentOf(underlying);
  const monthly = expiries(calendar, underlying, date, opts.monthlyExpiries ?? 3, 'MONTHLY');
  const hasWeeklies = UNDERLYING_EXPIRY_RULES[underlying]?.weeklyFrom !== undefined;
  const weekly = hasWeeklies ? expiries(calendar, underlying, date, opts.weeklyExpiries ?? 4, 'WEEKLY') : [];
  const optionExpiries = [...new Set([...weekly, ...monthly])].sort();
  const step = specs.strikeStep(underlying);
  const atm = atmStrike(spotPaise, step);
  const width = opts.strikesEachSide ?? 20;
  const strikes = Array.from({ length: 2 * width + 1 }, (_, i) => atm + (i - width) * step).filter((k) => k > 0);
  const contract = (id: InstrumentId, expiry: string): MasterRow => ({
    instrumentId: id,
    lotSize: specs.lotSize(underlying, expiry),
    tickSizePaise: specs.tickSizePaise(underlying),
    freezeQty: freezeQty(specs, underlying, date),
  });
  const rows: MasterRow[] = [{ instrumentId: specs.indexId(underlying), lotSize: 1, tickSizePaise: 5 }];
  for (const expiry of monthly) {
    rows.push(contract(formatInstrumentId({ kind: 'FUT', segment, symbol: underlying, expiry }), expiry));
  }
  for (const expiry of optionExpiries) {
    for (const strike of strikes) {
      for (const optionType of ['CE', 'PE'] as const) {
        const id = formatInstrumentId({ kind: 'OPT', segment, symbol: underlying, expiry, optionType, strike });
        rows.push(contract(id, expiry));
      }
    }
  }
  return rows;
}

function commodityRows(specs: ContractSpecs, symbol: string, date: string): MasterRow[] {
  const upcoming = (specs.spec(symbol).futuresExpiries ?? []).filter((e) => e >= date).slice(0, 3);
  return upcoming.map((expiry) => ({
    instrumentId: formatInstrumentId({ kind: 'FUT', segment: 'MCX', symbol, expiry }),
    lotSize: specs.lotSize(symbol, expiry),
    tickSizePaise: specs.tickSizePaise(symbol),
    freezeQty: freezeQty(specs, symbol, date),
  }));
}

function freezeQty(specs: ContractSpecs, underlying: string, date: string): number | undefined {
  try {
    return specs.freezeQty(underlying, date);
  } catch (err) {
    // Not every underlying has a published freeze quantity (BSE, MCX); the row then carries none.
    if (err instanceof MissingContractSpecError) return undefined;
    throw err;
  }
}

/**
 * The simulated exchange's instrument master as a sync source for the catalog: the contracts listed on the
 * clock's IST trading date. It expects the segments it lists today (MCX only while the published calendar still
 * has expiries ahead) and requires every underlying it has chains for.
 */
export function simMasterSource(opts: SimMasterOptions & { clock: Clock }): InstrumentMasterSource {
  const listed = new Set(simMasterRows(opts, istDate(opts.clock.now())).map((r) => segmentOf(r.instrumentId)));
  return {
    name: 'sim-exchange',
    target: { kind: 'catalog' },
    segments: SIM_MASTER_SEGMENTS.filter((s) => listed.has(s)),
    requiredUnderlyings: Object.keys(opts.spotsPaise ?? DEFAULT_SIM_SPOTS),
    download: async () => simMasterRows(opts, istDate(opts.clock.now())),
  };
}
