import type { Segment } from '#src/domain/instrument';
import type { Clock } from '#src/platform/clock';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import type { InstrumentMasterSource } from './master-source';
import { lockMasterSwap, readLastGood, recordSyncFailure, swapMaster } from './master-store';
import { validateMaster } from './validate-master';

/** What one sync did: the swapped row counts, or why the last good copy was kept. */
export type MasterSyncResult =
  | {
      readonly ok: true;
      readonly source: string;
      readonly rows: number;
      readonly segments: Readonly<Partial<Record<Segment, number>>>;
      readonly ignored: number;
    }
  | { readonly ok: false; readonly source: string; readonly errors: readonly string[] };

/**
 * Download → validate against the last good copy → swap in one transaction. Any failure (download, validation
 * or the write itself) leaves the catalog exactly as it was and is recorded in the per-segment status.
 */
export async function syncInstrumentMaster(
  deps: { db: Db; clock: Clock; log: Logger },
  source: InstrumentMasterSource,
): Promise<MasterSyncResult> {
  const at = deps.clock.now();
  const fail = async (errors: readonly string[], bySegment?: ReadonlyMap<Segment, string>) => {
    deps.log.warn({ source: source.name, errors }, 'instrument master refused; keeping the last good copy');
    await recordSyncFailure(deps.db, source, { general: errors.join('; '), bySegment }, at);
    return { ok: false, source: source.name, errors } as const;
  };
  let rows: Awaited<ReturnType<InstrumentMasterSource['download']>>;
  try {
    rows = await source.download();
  } catch (err) {
    // Every download failure is handled the same way: keep the last good copy and say why in the status.
    return fail([`download failed: ${err instanceof Error ? err.message : String(err)}`]);
  }
  try {
    const outcome = await deps.db.transaction(async (tx) => {
      await lockMasterSwap(tx);
      const v = validateMaster(source, rows, await readLastGood(tx, source.name));
      if (v.ok) await swapMaster(tx, source, v.bySegment, at);
      return v;
    });
    if (!outcome.ok) return fail(outcome.errors, outcome.segmentErrors);
    const segments = Object.fromEntries([...outcome.bySegment].map(([s, list]) => [s, list.length]));
    const total = Object.values(segments).reduce((a, b) => a + b, 0);
    deps.log.info({ source: source.name, rows: total }, 'instrument master swapped');
    return { ok: true, source: source.name, rows: total, segments, ignored: outcome.ignored };
  } catch (err) {
    await fail([`swap failed: ${err instanceof Error ? err.message : String(err)}`]);
    throw new Error(`instrument master ${source.name}: swap failed`, { cause: err });
  }
}
