import { EXPIRY_WEEKDAYS, UNDERLYING_EXPIRY_RULES, type UnderlyingExpiryRule } from './expiry-rules';
import { addDays, assertDate, endOfMonth, istDate, istWeekday } from './ist';
import { ruleOn } from './session-table';
import type { TradingCalendar } from './trading-calendar';

/** WEEKLY lists every expiry of the weekly cycle (the month's last one included); MONTHLY only month-end ones. */
export type ExpiryKind = 'WEEKLY' | 'MONTHLY';

/** Thrown for an underlying without an expiry rule, or a kind it does not trade. */
export class UnknownExpiryRuleError extends Error {
  readonly code = 'UNKNOWN_EXPIRY_RULE';
}

function ruleFor(underlying: string): UnderlyingExpiryRule {
  const rule = UNDERLYING_EXPIRY_RULES[underlying];
  if (!rule) {
    const known = Object.keys(UNDERLYING_EXPIRY_RULES).join(', ');
    throw new UnknownExpiryRuleError(`no expiry rule for underlying "${underlying}" (known: ${known})`);
  }
  return rule;
}

function isNominalDay(rule: UnderlyingExpiryRule, date: string): boolean {
  return istWeekday(date) === ruleOn(EXPIRY_WEEKDAYS[rule.segment], date)?.weekday;
}

function isMonthEndNominal(rule: UnderlyingExpiryRule, date: string): boolean {
  if (!isNominalDay(rule, date)) return false;
  const end = endOfMonth(date);
  for (let d = addDays(date, 1); d <= end; d = addDays(d, 1)) if (isNominalDay(rule, d)) return false;
  return true;
}

/** Nominal expiry days (before holiday shifts) on or after `from`, in order. */
function* nominalExpiries(rule: UnderlyingExpiryRule, from: string, kind: ExpiryKind): Generator<string> {
  const start = rule.listedFrom && rule.listedFrom > from ? rule.listedFrom : from;
  for (let d = start; ; d = addDays(d, 1)) {
    if (!isNominalDay(rule, d)) continue;
    const weekly = kind === 'WEEKLY' && rule.weeklyFrom !== undefined && d >= rule.weeklyFrom;
    if (weekly || isMonthEndNominal(rule, d)) yield d;
  }
}

/** A nominal expiry on a non-trading day moves to the previous trading day (market.md §3 "Holiday rule"). */
function shift(cal: TradingCalendar, rule: UnderlyingExpiryRule, nominal: string): string {
  return cal.isTradingDay(rule.segment, nominal) ? nominal : cal.prevTradingDay(rule.segment, nominal);
}

/**
 * The next `count` expiry dates of `underlying` on or after `fromDate`, derived from the effective-dated rules and
 * the calendar's holidays. Throws for an unknown underlying, or WEEKLY for one that has no weeklies.
 */
export function expiries(
  cal: TradingCalendar,
  underlying: string,
  fromDate: string,
  count: number,
  kind: ExpiryKind,
): string[] {
  assertDate(fromDate);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer: ${count}`);
  const rule = ruleFor(underlying);
  const earliest = EXPIRY_WEEKDAYS[rule.segment][0]?.from ?? fromDate;
  if (fromDate < earliest) {
    throw new UnknownExpiryRuleError(`${rule.segment} expiry rules start on ${earliest}; got ${fromDate}`);
  }
  if (kind === 'WEEKLY' && rule.weeklyFrom === undefined) {
    throw new UnknownExpiryRuleError(`${underlying} has no weekly expiries (monthly only)`);
  }
  const out: string[] = [];
  // A shift can pull an expiry one or two days before its nominal day, so look a few days back and filter.
  for (const nominal of nominalExpiries(rule, addDays(fromDate, -7), kind)) {
    if (out.length >= count) break;
    const expiry = shift(cal, rule, nominal);
    if (expiry >= fromDate && out.at(-1) !== expiry) out.push(expiry);
  }
  return out;
}

/**
 * The nearest expiry still tradable at `epochMs`: today's expiry counts until the session closes, unless
 * `skipExpiryDay` asks for the following one. Uses weeklies where the underlying has them, else monthlies.
 */
export function nearestExpiry(
  cal: TradingCalendar,
  underlying: string,
  epochMs: number,
  opts: { skipExpiryDay?: boolean } = {},
): string {
  const rule = ruleFor(underlying);
  const today = istDate(epochMs);
  const kind: ExpiryKind = rule.weeklyFrom !== undefined && today >= rule.weeklyFrom ? 'WEEKLY' : 'MONTHLY';
  const [first, second] = expiries(cal, underlying, today, 2, kind);
  if (first === undefined || second === undefined) throw new UnknownExpiryRuleError(`no expiry for ${underlying}`);
  if (first !== today) return first;
  const close = cal.session(rule.segment, today)?.close;
  const expired = close === undefined || epochMs >= close;
  return opts.skipExpiryDay || expired ? second : first;
}
