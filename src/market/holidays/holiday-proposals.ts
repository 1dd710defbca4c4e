import { and, desc, eq, inArray } from 'drizzle-orm';
import { appendAudit } from '#src/accounts';
import type { ClosedPart, Exchange, Holiday } from '#src/domain/calendar';
import { type Db, tables } from '#src/platform/db';
import { MARKET_ERRORS } from '../market-errors';
import { diffHolidays, type HolidayChange } from './holiday-diff';
import { addHoliday, type Change, listHolidays, removeHoliday } from './holiday-store';
import { parseNseHolidayMaster } from './nse-holiday-master';

const { holidayProposals } = tables;

/** A stored proposal of the holiday sync job. */
export interface HolidayProposal {
  readonly id: string;
  readonly action: 'ADD' | 'REMOVE';
  readonly holiday: Holiday;
  readonly source: string;
  readonly status: 'PENDING' | 'CONFIRMED' | 'REJECTED';
  readonly createdAt: number;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
}

type Row = typeof holidayProposals.$inferSelect;

function toProposal(r: Row): HolidayProposal {
  return {
    id: r.id,
    action: r.action as HolidayProposal['action'],
    holiday: { exchange: r.exchange as Exchange, date: r.date, name: r.name, closed: r.closed as ClosedPart },
    source: r.source,
    status: r.status as HolidayProposal['status'],
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy,
  };
}

const keyOf = (action: string, exchange: string, date: string) => `${action}:${exchange}:${date}`;

/**
 * Stores changes as PENDING proposals. A change already pending, or once rejected by an admin, is not proposed
 * again, so a daily sync does not nag about a decision already made. Returns the proposals created.
 */
export async function recordProposals(
  db: Db,
  changes: readonly HolidayChange[],
  opts: { source: string; at: number },
): Promise<HolidayProposal[]> {
  if (changes.length === 0) return [];
  const earlier = await db
    .select()
    .from(holidayProposals)
    .where(inArray(holidayProposals.status, ['PENDING', 'REJECTED']));
  const known = new Set(earlier.map((r) => keyOf(r.action, r.exchange, r.date)));
  const fresh = changes.filter((c) => !known.has(keyOf(c.action, c.holiday.exchange, c.holiday.date)));
  if (fresh.length === 0) return [];
  const rows = await db
    .insert(holidayProposals)
    .values(
      fresh.map((c) => ({
        exchange: c.holiday.exchange,
        date: c.holiday.date,
        action: c.action,
        name: c.holiday.name,
        closed: c.holiday.closed,
        source: opts.source,
        status: 'PENDING',
        createdAt: opts.at,
      })),
    )
    .onConflictDoNothing()
    .returning();
  return rows.map(toProposal);
}

/** Proposals, newest first, optionally of one status. */
export async function listProposals(db: Db, status?: HolidayProposal['status']): Promise<HolidayProposal[]> {
  const rows = await db
    .select()
    .from(holidayProposals)
    .where(status ? eq(holidayProposals.status, status) : undefined)
    .orderBy(desc(holidayProposals.createdAt), holidayProposals.date);
  return rows.map(toProposal);
}

/**
 * An admin's decision. CONFIRM applies the change to the calendar (ADD inserts, REMOVE deletes) in the same
 * transaction that marks the proposal and writes the audit rows; REJECT only marks and audits it.
 */
export async function decideProposal(
  db: Db,
  id: string,
  decision: 'CONFIRM' | 'REJECT',
  change: Change,
): Promise<HolidayProposal> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(holidayProposals).where(eq(holidayProposals.id, id)).for('update');
    if (!row) throw MARKET_ERRORS.proposalNotFound(id);
    if (row.status !== 'PENDING') throw MARKET_ERRORS.proposalDecided(id, row.status);
    const proposal = toProposal(row);
    if (decision === 'CONFIRM' && proposal.action === 'ADD') await addHoliday(tx, proposal.holiday, change, 'sync');
    if (decision === 'CONFIRM' && proposal.action === 'REMOVE') await removeHoliday(tx, proposal.holiday, change);
    const status = decision === 'CONFIRM' ? 'CONFIRMED' : 'REJECTED';
    const [after] = await tx
      .update(holidayProposals)
      .set({ status, decidedAt: change.at, decidedBy: change.actorId })
      .where(and(eq(holidayProposals.id, id), eq(holidayProposals.status, 'PENDING')))
      .returning();
    if (!after) throw MARKET_ERRORS.proposalDecided(id, status);
    await appendAudit(tx, {
      at: change.at,
      actorId: change.actorId,
      action: `market.holiday.proposal.${decision.toLowerCase()}`,
      subject: id,
      data: { action: proposal.action, exchange: proposal.holiday.exchange, date: proposal.holiday.date },
    });
    return toProposal(after);
  });
}

/**
 * The holiday sync job's step for NSE: parse the holiday-master JSON, compare it with the stored NSE holidays and
 * store the differences as proposals. Never writes to the calendar itself.
 */
export async function proposeFromNseHolidayMaster(
  db: Db,
  raw: unknown,
  at: number,
): Promise<{ feedHolidays: number; proposals: HolidayProposal[] }> {
  const feed = parseNseHolidayMaster(raw);
  const current = await listHolidays(db, { exchange: 'NSE' });
  const proposals = await recordProposals(db, diffHolidays('NSE', current, feed), { source: 'nse-holiday-master', at });
  return { feedHolidays: feed.length, proposals };
}
