import { hasInstrumentIdShape } from '#src/domain/instrument/instrument-id';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';

const isPaise = (n: number) => Number.isInteger(n) && n > 0;

/**
 * The last line before ticks reach the cache: sources already speak instrument ids and paise, but a broker's
 * float rupees, a zero bid at the open or a negative volume must not become a price. Keeps well-formed ticks
 * as they are (no copy), repairs what is repairable, and drops the rest, counting them.
 */
export function normaliseTicks(ticks: readonly Tick[]): { ticks: Tick[]; dropped: number } {
  const out: Tick[] = [];
  let dropped = 0;
  for (const t of ticks) {
    // Ids travel unescaped in the published tick rows (decision 0004): one outside the id alphabet stops here.
    if (!hasInstrumentIdShape(t.id)) {
      dropped++;
      continue;
    }
    if (isPaise(t.ltp) && isPaise(t.bid) && isPaise(t.ask) && t.volume >= 0 && Number.isFinite(t.ts)) {
      out.push(t);
      continue;
    }
    const ltp = Math.round(t.ltp);
    if (!(ltp > 0) || !Number.isFinite(t.ts)) {
      dropped++;
      continue;
    }
    const side = (p: number) => (Number.isFinite(p) && Math.round(p) > 0 ? Math.round(p) : ltp) as Paise;
    const volume = Number.isFinite(t.volume) && t.volume > 0 ? Math.round(t.volume) : 0;
    out.push({ id: t.id, ltp: ltp as Paise, bid: side(t.bid), ask: side(t.ask), volume, ts: t.ts });
  }
  return { ticks: out, dropped };
}
