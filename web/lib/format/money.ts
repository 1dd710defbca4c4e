/** Paise shown as rupees with Indian digit grouping (₹1,23,456.78). */

const rupees = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

// P&L reads better with an explicit sign: a bare "₹1,200.00" beside a red "-₹300.00" looks like a balance.
const signedRupees = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

const price = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const count = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });

/** ₹ amount, e.g. 12345678 → "₹1,23,456.78". */
export function formatPaise(paise: number): string {
  return rupees.format(paise / 100);
}

/** Signed ₹ amount for P&L, e.g. -4550 → "-₹45.50", 4550 → "+₹45.50", 0 → "₹0.00". */
export function formatPnlPaise(paise: number): string {
  return signedRupees.format(paise / 100);
}

/** A price without the currency sign, for dense table cells, e.g. 2456705 → "24,567.05". */
export function formatPricePaise(paise: number): string {
  return price.format(paise / 100);
}

/** A whole quantity with Indian grouping, e.g. 150000 → "1,50,000". */
export function formatCount(n: number): string {
  return count.format(n);
}

/** Colour class of a P&L value. */
export type PnlTone = 'up' | 'down' | 'flat';

/** Which colour a P&L value gets. */
export function pnlTone(paise: number): PnlTone {
  if (paise > 0) return 'up';
  if (paise < 0) return 'down';
  return 'flat';
}
