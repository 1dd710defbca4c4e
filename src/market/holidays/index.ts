/** The holiday calendar in the store: seed, audited admin edits, exchange-feed proposals and the live calendar. */
export { loadHolidaySeed, type MarketCalendarService, startMarketCalendar } from './calendar-service';
export { diffHolidays, type HolidayChange } from './holiday-diff';
export { decideProposal, type HolidayProposal, listProposals, proposeFromNseHolidayMaster } from './holiday-proposals';
export {
  addHoliday,
  type Change,
  type HolidayPatch,
  listHolidays,
  readHolidayData,
  removeHoliday,
  seedHolidays,
  updateHoliday,
} from './holiday-store';
export { parseNseDate, parseNseHolidayMaster } from './nse-holiday-master';
