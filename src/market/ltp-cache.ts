import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { type Bus, CHANNELS, type Json, KEYS } from '#src/platform/bus';

/**
 * The last tick of every instrument, readable by every process: one bus hash (`KEYS.ltp`) with a field per
 * instrument id holding the packed tick `ltp,bid,ask,volume,ts` (paise, units, epoch ms).
 *
 * The feed's batches are written and published together (`publish`): one bus command stores every tick in the
 * hash and then publishes the batch on `CHANNELS.ticks` as rows of `id, ltp, bid, ask, volume, ts` in one flat
 * JSON array (`encodeTickBatch` / `decodeTickBatch`). The Redis bus splits the rows into hash fields on the
 * server, so the feed process sends one string per batch instead of a hash write of hundreds of fields plus a
 * JSON array of objects: less CPU and, above all, less garbage, whose collection pauses set the feed's p99.
 */
export interface LtpCache {
  /** Stores a batch of ticks, then publishes it on `CHANNELS.ticks`: one command, one round trip. */
  publish(ticks: readonly Tick[]): Promise<void>;
  read(id: InstrumentId): Promise<Tick | undefined>;
  readMany(ids: readonly InstrumentId[]): Promise<Map<InstrumentId, Tick>>;
}

/** The tick of a packed field value; undefined for a missing or malformed value. */
export function decodeLtp(id: InstrumentId, packed: string | undefined): Tick | undefined {
  if (packed === undefined) return undefined;
  const [ltp, bid, ask, volume, ts] = packed.split(',').map(Number);
  if (ltp === undefined || ts === undefined || !Number.isFinite(ltp) || !Number.isFinite(ts)) return undefined;
  return {
    id,
    ltp: ltp as Paise,
    bid: (Number.isFinite(bid) ? bid : ltp) as Paise,
    ask: (Number.isFinite(ask) ? ask : ltp) as Paise,
    volume: Number.isFinite(volume) ? (volume as number) : 0,
    ts,
  };
}

/** Cells per row of a published tick batch: id, ltp, bid, ask, volume, ts. */
const TICK_ROW = 6;

/** A batch of ticks in its published form: one flat array of `id, ltp, bid, ask, volume, ts` rows. */
export function encodeTickBatch(ticks: readonly Tick[]): (string | number)[] {
  const rows: (string | number)[] = [];
  for (const t of ticks) rows.push(t.id, t.ltp, t.bid, t.ask, t.volume, t.ts);
  return rows;
}

/** The ticks of a published batch, in order; a malformed row (or a message that is not a batch) is skipped. */
export function decodeTickBatch(message: Json): Tick[] {
  if (!Array.isArray(message)) return [];
  const out: Tick[] = [];
  for (let i = 0; i + TICK_ROW <= message.length; i += TICK_ROW) {
    const id = message[i];
    const ltp = message[i + 1];
    const bid = message[i + 2];
    const ask = message[i + 3];
    const volume = message[i + 4];
    const ts = message[i + 5];
    if (
      typeof id === 'string' &&
      typeof ltp === 'number' &&
      typeof bid === 'number' &&
      typeof ask === 'number' &&
      typeof volume === 'number' &&
      typeof ts === 'number'
    )
      out.push({ id: id as InstrumentId, ltp: ltp as Paise, bid: bid as Paise, ask: ask as Paise, volume, ts });
  }
  return out;
}

export function createLtpCache(bus: Bus): LtpCache {
  return {
    publish(ticks) {
      return bus.publishRows(CHANNELS.ticks, KEYS.ltp, TICK_ROW, encodeTickBatch(ticks));
    },
    async read(id) {
      return decodeLtp(id, await bus.hget(KEYS.ltp, id));
    },
    async readMany(ids) {
      const out = new Map<InstrumentId, Tick>();
      // Sent together on one connection: the replies come back as one pipelined burst.
      const values = await Promise.all(ids.map((id) => bus.hget(KEYS.ltp, id)));
      ids.forEach((id, i) => {
        const t = decodeLtp(id, values[i]);
        if (t) out.set(id, t);
      });
      return out;
    },
  };
}
