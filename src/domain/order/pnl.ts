import type { Paise } from '../money/paise';

export type PositionSide = 'BUY' | 'SELL';

/** Gross P&L of a position of `qtyUnits` entered at `entry` and marked (or exited) at `mark`. */
export function positionPnl(p: { side: PositionSide; qtyUnits: number; entryPaise: number; markPaise: number }): Paise {
  const perUnit = p.side === 'BUY' ? p.markPaise - p.entryPaise : p.entryPaise - p.markPaise;
  return (perUnit * p.qtyUnits) as Paise;
}

/** Units of an order for a strategy's lots scaled by a map's multiplier. */
export function scaledQuantity(p: { lots: number; lotMultiplier: number; lotSize: number }): {
  lots: number;
  qtyUnits: number;
} {
  const lots = p.lots * p.lotMultiplier;
  if (!Number.isInteger(lots) || lots <= 0) throw new RangeError(`lots must be a positive integer, got ${lots}`);
  return { lots, qtyUnits: lots * p.lotSize };
}

/** Volume-weighted average price of fills, rounded to the paisa. */
export function averagePrice(fills: readonly { qtyUnits: number; pricePaise: number }[]): Paise {
  const qty = fills.reduce((s, f) => s + f.qtyUnits, 0);
  if (qty === 0) return 0 as Paise;
  return Math.round(fills.reduce((s, f) => s + f.qtyUnits * f.pricePaise, 0) / qty) as Paise;
}
