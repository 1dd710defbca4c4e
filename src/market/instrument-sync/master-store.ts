import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Segment } from '#src/domain/instrument';
import { type Db, type Tx, tables } from '#src/platform/db';
import type { InstrumentMasterSource, MasterTarget } from './master-source';
import type { ParsedRow } from './validate-master';

const { instruments, brokerSymbols, instrumentSyncStatus } = tables;

// One swap at a time per database, across processes (transaction-scoped advisory lock).
const MASTER_SWAP_LOCK = 7_262_003;
// Well under PostgreSQL's 65,535 bind parameters per statement at 10 columns a row.
const INSERT_CHUNK = 1000;

/** Sync status of one source × segment. `rows` is the size of the last good copy. */
export interface SegmentSyncStatus {
  readonly source: string;
  readonly segment: string;
  readonly rows: number;
  readonly lastSuccessAt: number | null;
  readonly lastAttemptAt: number;
  readonly lastError: string | null;
}

/** Takes the swap lock inside `tx`; the caller validates and swaps while holding it. */
export async function lockMasterSwap(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${MASTER_SWAP_LOCK})`);
}

/** Row counts of each segment's last good copy for a source. */
export async function readLastGood(db: Db | Tx, source: string): Promise<Map<Segment, number>> {
  const rows = await db
    .select({ segment: instrumentSyncStatus.segment, rows: instrumentSyncStatus.rows })
    .from(instrumentSyncStatus)
    .where(and(eq(instrumentSyncStatus.source, source), isNotNull(instrumentSyncStatus.lastSuccessAt)));
  return new Map(rows.map((r) => [r.segment as Segment, r.rows]));
}

/** Replaces the target's rows of every synced segment with the download, and records success, in `tx`. */
export async function swapMaster(
  tx: Tx,
  source: Pick<InstrumentMasterSource, 'name' | 'target'>,
  bySegment: ReadonlyMap<Segment, readonly ParsedRow[]>,
  at: number,
): Promise<void> {
  const segments = [...bySegment.keys()];
  const rows = [...bySegment.values()].flat();
  await deleteTarget(tx, source.target, segments);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await insertTarget(tx, source.target, rows.slice(i, i + INSERT_CHUNK));
  }
  for (const [segment, list] of bySegment) {
    const status = { rows: list.length, lastSuccessAt: at, lastAttemptAt: at, lastError: null };
    await tx
      .insert(instrumentSyncStatus)
      .values({ source: source.name, segment, ...status })
      .onConflictDoUpdate({ target: [instrumentSyncStatus.source, instrumentSyncStatus.segment], set: status });
  }
}

function deleteTarget(tx: Tx, target: MasterTarget, segments: readonly Segment[]) {
  if (target.kind === 'catalog') return tx.delete(instruments).where(inArray(instruments.segment, [...segments]));
  return tx
    .delete(brokerSymbols)
    .where(and(eq(brokerSymbols.broker, target.broker), inArray(brokerSymbols.segment, [...segments])));
}

function insertTarget(tx: Tx, target: MasterTarget, rows: readonly ParsedRow[]) {
  if (target.kind === 'broker') {
    return tx.insert(brokerSymbols).values(
      rows.map((r) => ({
        broker: target.broker,
        instrumentId: r.instrumentId,
        segment: r.instrument.segment,
        brokerSymbol: r.broker?.symbol ?? '',
        token: r.broker?.token ?? '',
        exchangeCode: r.broker?.exchangeCode ?? null,
      })),
    );
  }
  return tx.insert(instruments).values(
    rows.map((r) => {
      const i = r.instrument;
      return {
        instrumentId: r.instrumentId,
        underlying: i.symbol,
        segment: i.segment,
        expiry: i.kind === 'FUT' || i.kind === 'OPT' ? i.expiry : null,
        strike: i.kind === 'OPT' ? i.strike : null,
        optionType: i.kind === 'OPT' ? i.optionType : null,
        lotSize: r.lotSize,
        tickSizePaise: r.tickSizePaise,
        freezeQty: r.freezeQty ?? null,
      };
    }),
  );
}

/**
 * Records a refused or failed sync: every expected segment gets the attempt time and its error (the general
 * error where the segment itself was fine); rows and last success keep describing the last good copy.
 */
export async function recordSyncFailure(
  db: Db,
  source: Pick<InstrumentMasterSource, 'name' | 'segments'>,
  failure: { general: string; bySegment?: ReadonlyMap<Segment, string> | undefined },
  at: number,
): Promise<void> {
  for (const segment of source.segments) {
    const lastError = failure.bySegment?.get(segment) ?? failure.general;
    await db
      .insert(instrumentSyncStatus)
      .values({ source: source.name, segment, rows: 0, lastSuccessAt: null, lastAttemptAt: at, lastError })
      .onConflictDoUpdate({
        target: [instrumentSyncStatus.source, instrumentSyncStatus.segment],
        set: { lastAttemptAt: at, lastError },
      });
  }
}

/** Every source × segment status, ordered by source then segment. */
export async function readSyncStatus(db: Db): Promise<SegmentSyncStatus[]> {
  return db.select().from(instrumentSyncStatus).orderBy(instrumentSyncStatus.source, instrumentSyncStatus.segment);
}
