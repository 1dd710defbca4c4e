/** Money and prices are integer paise everywhere inside the platform (₹1 = 100 paise). */
export type Paise = number & { readonly __brand: 'Paise' };

/** Converts rupees (a decimal number from a wire format or a person) to integer paise. */
export function toPaise(rupees: number): Paise {
  return Math.round(rupees * 100) as Paise;
}

/** Marks an integer count of paise as Paise; throws on fractions so rounding is never silent. */
export function paise(value: number): Paise {
  if (!Number.isInteger(value)) throw new RangeError(`paise must be an integer, got ${value}`);
  return value as Paise;
}

/** Paise to rupees, for display and wire formats only. */
export function toRupees(value: Paise): number {
  return value / 100;
}

/** Rounds a price in paise to the nearest multiple of the tick size (also in paise). */
export function roundToTick(value: number, tickPaise: number): Paise {
  return (Math.round(value / tickPaise) * tickPaise) as Paise;
}
