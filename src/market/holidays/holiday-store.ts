import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { appendAudit } from '#src/accounts';
import type { ClosedPart, Exchange, Holiday, HolidayData, SpecialSession } from '#src/domain/calendar';
import { type Db, isUniqueViolation, type Tx, tables } from '#src/platform/db';
import { MARKET_ERRORS } from '../market-errors';

const { marketCalendar, marketHolidays, marketSpecialSessions } = tables;
const CALENDAR_ID = 'default';

/** Who changed the calendar and when (epoch ms); every write is audited with it. */
export interface Change {
  readonly actorId: string | null;
  readonly at: number;
}

/** The editable part of a holiday. */
export interface HolidayPatch {
  readonly name?: string | undefined;
  readonly closed?: ClosedPart | undefined;
  readonly note?: string | null | undefined;
}

/**
 * Copies `data` into the store once: only when the calendar has never been seeded. Admin edits (including
 * deleting every holiday) are never overwritten, because the marker row outlives them. Safe under concurrent
 * starts: the marker insert serialises them. Returns true when this call seeded.
 */
export async function seedHolidays(db: Db, data: HolidayData, at: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const marker = await tx
      .insert(marketCalendar)
      .values({ id: CALENDAR_ID, coverageFrom: data.coverage.from, coverageTo: data.coverage.to, seededAt: at })
      .onConflictDoNothing()
      .returning({ id: marketCalendar.id });
    if (marker.length === 0) return false;
    const holidays = data.holidays.map((h) => ({ ...h, note: h.note ?? null, source: 'seed', updatedAt: at }));
    if (holidays.length > 0) await tx.insert(marketHolidays).values(holidays).onConflictDoNothing();
    const sessions = data.specialSessions.flatMap((s) =>
      s.exchanges.map((exchange) => ({ ...s, exchange, note: s.note ?? null })),
    );
    if (sessions.length > 0) await tx.insert(marketSpecialSessions).values(sessions).onConflictDoNothing();
    return true;
  });
}

/** Reads the whole calendar back as HolidayData (validate with parseHolidayData before building a calendar). */
export async function readHolidayData(db: Db): Promise<HolidayData | undefined> {
  const [meta] = await db.select().from(marketCalendar).where(eq(marketCalendar.id, CALENDAR_ID));
  if (!meta) return undefined;
  const holidays = await listHolidays(db, {});
  const rows = await db.select().from(marketSpecialSessions).orderBy(asc(marketSpecialSessions.date));
  return {
    coverage: { from: meta.coverageFrom, to: meta.coverageTo },
    holidays,
    specialSessions: groupSessions(rows),
  };
}

type SessionRow = typeof marketSpecialSessions.$inferSelect;

/** One exchange per row in the store; one session with several exchanges in HolidayData. */
function groupSessions(rows: readonly SessionRow[]): SpecialSession[] {
  const byKey = new Map<string, { session: SpecialSession; exchanges: Exchange[] }>();
  for (const r of rows) {
    const key = JSON.stringify([r.date, r.name, r.kind, r.open, r.close]);
    const found = byKey.get(key);
    if (found) found.exchanges.push(r.exchange as Exchange);
    else {
      const session: SpecialSession = {
        date: r.date,
        name: r.name,
        kind: r.kind as SpecialSession['kind'],
        exchanges: [],
        open: r.open,
        close: r.close,
        note: r.note ?? undefined,
      };
      byKey.set(key, { session, exchanges: [r.exchange as Exchange] });
    }
  }
  return [...byKey.values()].map(({ session, exchanges }) => ({ ...session, exchanges }));
}

/** Holidays in date order, optionally of one exchange and within [from, to]. */
export async function listHolidays(
  db: Db | Tx,
  q: { exchange?: Exchange | undefined; from?: string | undefined; to?: string | undefined },
): Promise<Holiday[]> {
  const rows = await db
    .select()
    .from(marketHolidays)
    .where(
      and(
        q.exchange ? eq(marketHolidays.exchange, q.exchange) : undefined,
        q.from ? gte(marketHolidays.date, q.from) : undefined,
        q.to ? lte(marketHolidays.date, q.to) : undefined,
      ),
    )
    .orderBy(asc(marketHolidays.date), asc(marketHolidays.exchange));
  return rows.map(toHoliday);
}

function toHoliday(r: typeof marketHolidays.$inferSelect): Holiday {
  return {
    exchange: r.exchange as Exchange,
    date: r.date,
    name: r.name,
    closed: r.closed as ClosedPart,
    note: r.note ?? undefined,
  };
}

/** Adds a holiday (audited in the same transaction); HOLIDAY_EXISTS when the exchange already has one that day. */
export async function addHoliday(db: Db | Tx, h: Holiday, change: Change, source = 'admin'): Promise<Holiday> {
  try {
    await db.transaction(async (tx) => {
      await tx.insert(marketHolidays).values({
        ...h,
        note: h.note ?? null,
        source,
        updatedAt: change.at,
        updatedBy: change.actorId,
      });
      await audit(tx, change, 'market.holiday.add', h, { ...h, source });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw MARKET_ERRORS.holidayExists(h.exchange, h.date);
    throw err;
  }
  return h;
}

/** Edits a holiday's name, closed part or note (audited with before and after). */
export async function updateHoliday(
  db: Db,
  key: { exchange: Exchange; date: string },
  patch: HolidayPatch,
  change: Change,
): Promise<Holiday> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(marketHolidays).where(holidayKey(key)).for('update');
    if (!before) throw MARKET_ERRORS.holidayNotFound(key.exchange, key.date);
    const set = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.closed !== undefined && { closed: patch.closed }),
      ...(patch.note !== undefined && { note: patch.note }),
    };
    const [after] = await tx
      .update(marketHolidays)
      .set({ ...set, source: 'admin', updatedAt: change.at, updatedBy: change.actorId })
      .where(holidayKey(key))
      .returning();
    if (!after) throw MARKET_ERRORS.holidayNotFound(key.exchange, key.date);
    await audit(tx, change, 'market.holiday.update', key, { before: toHoliday(before), after: toHoliday(after) });
    return toHoliday(after);
  });
}

/** Removes a holiday (audited with the removed row). */
export async function removeHoliday(
  db: Db | Tx,
  key: { exchange: Exchange; date: string },
  change: Change,
): Promise<Holiday> {
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(marketHolidays).where(holidayKey(key)).returning();
    if (!removed) throw MARKET_ERRORS.holidayNotFound(key.exchange, key.date);
    await audit(tx, change, 'market.holiday.remove', key, { removed: toHoliday(removed) });
    return toHoliday(removed);
  });
}

function holidayKey(key: { exchange: Exchange; date: string }) {
  return and(eq(marketHolidays.exchange, key.exchange), eq(marketHolidays.date, key.date));
}

function audit(
  tx: Tx,
  change: Change,
  action: string,
  key: { exchange: Exchange; date: string },
  data: Record<string, unknown>,
) {
  // JSON round trip drops undefined fields, which the hash chain's canonical form also drops.
  const json = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
  return appendAudit(tx, {
    at: change.at,
    actorId: change.actorId,
    action,
    subject: `${key.exchange}:${key.date}`,
    data: json,
  });
}
