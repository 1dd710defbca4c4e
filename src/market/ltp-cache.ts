import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { type Bus, KEYS } from '#src/platform/bus';

/**
 * The last tick of every instrument, readable by every process: one bus hash (`KEYS.ltp`) with a field per
 * instrument id holding the packed tick `ltp,bid,ask,volume,ts` (paise, units, epoch ms). A batch is one `HSET`
 * of many fields — one command, not one per instrument — which is what keeps the feed's write cost flat.
 */
export interface LtpCache {
  /** Writes a batch of ticks in one command (one round trip). */
  write(ticks: readonly Tick[]): Promise<void>;
  read(id: InstrumentId): Promise<Tick | undefined>;
  readMany(ids: readonly InstrumentId[]): Promise<Map<InstrumentId, Tick>>;
}

/** The packed field value of one tick. */
export const encodeLtp = (t: Tick): string => `${t.ltp},${t.bid},${t.ask},${t.volume},${t.ts}`;

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

export function createLtpCache(bus: Bus): LtpCache {
  return {
    write(ticks) {
      if (ticks.length === 0) return Promise.resolve();
      const fields: Record<string, string> = {};
      for (const t of ticks) fields[t.id] = encodeLtp(t);
      return bus.hset(KEYS.ltp, fields);
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
