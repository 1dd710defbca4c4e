import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTradingCalendar, parseHolidayData, type TradingCalendar } from '#src/domain/calendar';
import { type ContractSpecs, createContractSpecs, parseContractSpecData } from '#src/domain/instrument';

/** The market's reference data: trading calendar and contract specs, from the product's own data files. */
export interface MarketReference {
  readonly calendar: TradingCalendar;
  readonly specs: ContractSpecs;
}

const DEFAULT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** Loads and validates data/holidays.json and data/instruments.json (seeds; refreshed by sync jobs). */
export function loadMarketReference(dir: string = DEFAULT_DIR): MarketReference {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  return {
    calendar: createTradingCalendar(parseHolidayData(read('holidays.json'))),
    specs: createContractSpecs(parseContractSpecData(read('instruments.json'))),
  };
}
