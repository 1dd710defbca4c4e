import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { type Bus, KEYS } from '#src/platform/bus';

/** The last tick of every instrument, in a bus hash per instrument, readable by every process. */
export interface LtpCache {
  /** Writes a batch of ticks in one round trip. */
  write(ticks: readonly Tick[]): Promise<void>;
  read(id: InstrumentId): Promise<Tick | undefined>;
  readMany(ids: readonly InstrumentId[]): Promise<Map<InstrumentId, Tick>>;
}

function encode(t: Tick): Record<string, string> {
  return { ltp: String(t.ltp), bid: String(t.bid), ask: String(t.ask), volume: String(t.volume), ts: String(t.ts) };
}

function decode(id: InstrumentId, h: Record<string, string>): Tick | undefined {
  if (h.ltp === undefined || h.ts === undefined) return undefined;
  return {
    id,
    ltp: Number(h.ltp) as Paise,
    bid: Number(h.bid ?? h.ltp) as Paise,
    ask: Number(h.ask ?? h.ltp) as Paise,
    volume: Number(h.volume ?? 0),
    ts: Number(h.ts),
  };
}

export function createLtpCache(bus: Bus): LtpCache {
  return {
    write: (ticks) => bus.hsetMany(ticks.map((t) => [KEYS.ltp(t.id), encode(t)] as const)),
    async read(id) {
      return decode(id, await bus.hgetall(KEYS.ltp(id)));
    },
    async readMany(ids) {
      const out = new Map<InstrumentId, Tick>();
      const rows = await Promise.all(ids.map((id) => bus.hgetall(KEYS.ltp(id))));
      ids.forEach((id, i) => {
        const t = decode(id, rows[i] ?? {});
        if (t) out.set(id, t);
      });
      return out;
    },
  };
}
