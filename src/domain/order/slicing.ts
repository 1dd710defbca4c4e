/**
 * Quantity rules for orders: lot rounding and freeze-quantity slicing. The exchange freezes any single order above
 * the freeze quantity, so a larger order is sent as several children, each a whole number of lots.
 */

/** Rounds a quantity in units down to whole lots; 0 when less than one lot. */
export function roundDownToLots(qtyUnits: number, lotSize: number): number {
  if (!Number.isInteger(lotSize) || lotSize <= 0) throw new RangeError(`lot size must be a positive integer`);
  return Math.floor(qtyUnits / lotSize) * lotSize;
}

/** The largest single order, in units, that is a whole number of lots and not above the freeze quantity. */
export function maxSliceUnits(p: { lotSize: number; freezeQty: number }): number {
  const max = roundDownToLots(p.freezeQty, p.lotSize);
  if (max <= 0) throw new RangeError(`freeze quantity ${p.freezeQty} is below one lot of ${p.lotSize}`);
  return max;
}

/**
 * Splits `qtyUnits` into child quantities of at most `maxSliceUnits` each, whole lots, largest first. The split is
 * deterministic, so a redelivered command derives the same children (and the same child order ids).
 */
export function sliceQuantity(p: { qtyUnits: number; lotSize: number; freezeQty: number }): number[] {
  if (p.qtyUnits % p.lotSize !== 0) throw new RangeError(`quantity ${p.qtyUnits} is not whole lots of ${p.lotSize}`);
  if (p.qtyUnits <= 0) throw new RangeError(`quantity must be positive, got ${p.qtyUnits}`);
  const max = maxSliceUnits(p);
  const slices: number[] = [];
  for (let left = p.qtyUnits; left > 0; left -= Math.min(left, max)) slices.push(Math.min(left, max));
  return slices;
}
