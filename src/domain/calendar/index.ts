export { type ExpiryKind, expiries, nearestExpiry, UnknownExpiryRuleError } from './expiry';
export {
  EXPIRY_WEEKDAYS,
  type ExpiryWeekdayRule,
  expirySegment,
  UNDERLYING_EXPIRY_RULES,
  type UnderlyingExpiryRule,
} from './expiry-rules';
export {
  type ClosedPart,
  type Exchange,
  type Holiday,
  type HolidayData,
  InvalidMarketDataError,
  parseHolidayData,
  type SpecialSession,
} from './holiday-data';
export {
  addDays,
  assertDate,
  daysBetween,
  endOfMonth,
  InvalidDateError,
  istDate,
  istInstant,
  istMinutes,
  istWeekday,
  isValidDate,
} from './ist';
export {
  type CloseRule,
  FUTURES_PRE_OPEN,
  MCX_HALF_DAY_SPLIT,
  mcxClose,
  SEGMENT_EXCHANGE,
  SESSION_TABLE,
  type SessionRule,
} from './session-table';
export {
  createTradingCalendar,
  DEFAULT_SQUARE_OFF_MINUTES,
  type SessionWindow,
  type TradingCalendar,
} from './trading-calendar';
