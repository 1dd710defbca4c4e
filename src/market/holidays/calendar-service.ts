import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTradingCalendar, type HolidayData, parseHolidayData, type TradingCalendar } from '#src/domain/calendar';
import { type Bus, CHANNELS, type Subscription } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import { readHolidayData, seedHolidays } from './holiday-store';

const HOLIDAYS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'holidays.json');

/** The product's holiday seed, data/holidays.json, validated. */
export function loadHolidaySeed(file: string = HOLIDAYS_FILE): HolidayData {
  return parseHolidayData(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * The trading calendar as the store has it. Every process holds one; a write anywhere publishes
 * CHANNELS.marketReference { kind: 'calendar' } and every process rebuilds its calendar from the store.
 */
export interface MarketCalendarService {
  /** The current calendar. */
  calendar(): TradingCalendar;
  /** Rebuilds from the store now. A store that fails validation keeps the previous calendar (and logs why). */
  reload(): Promise<void>;
  /** Reloads here and tells every other process to reload; call after committing a calendar change. */
  changed(): Promise<void>;
  stop(): Promise<void>;
}

/** Dependencies of the calendar service; `seed` is copied into an empty store (data/holidays.json by default). */
export interface MarketCalendarDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly log: Logger;
  readonly seed?: HolidayData | undefined;
}

/** Seeds the store if it has never been seeded, builds the calendar and follows changes. */
export async function startMarketCalendar(deps: MarketCalendarDeps): Promise<MarketCalendarService> {
  const seed = deps.seed ?? loadHolidaySeed();
  if (await seedHolidays(deps.db, seed, deps.clock.now())) deps.log.info('seeded the holiday calendar');
  let current = createTradingCalendar(seed);
  // Reloads run one after another, so a slow read never overwrites a newer one.
  let queue: Promise<void> = Promise.resolve();
  const rebuild = async () => {
    const data = await readHolidayData(deps.db);
    if (!data) return;
    try {
      current = createTradingCalendar(parseHolidayData(data));
    } catch (err) {
      deps.log.error({ err }, 'stored holiday calendar is invalid; keeping the previous calendar');
    }
  };
  const reload = () => {
    queue = queue.then(rebuild, rebuild);
    return queue;
  };
  await reload();
  const sub: Subscription = await deps.bus.subscribe(CHANNELS.marketReference, (message) => {
    if (message && typeof message === 'object' && !Array.isArray(message) && message.kind === 'calendar') {
      reload().catch((err) => deps.log.error({ err }, 'calendar reload failed'));
    }
  });
  return {
    calendar: () => current,
    reload,
    async changed() {
      await reload();
      await deps.bus.publish(CHANNELS.marketReference, { kind: 'calendar' });
    },
    stop: () => sub.unsubscribe(),
  };
}
