import { createHash } from 'node:crypto';

/**
 * Deterministic client order ids. They are the idempotency key (unique in the store and SET NX on the bus) and
 * the broker tag, so they are short and alphanumeric (Fyers: alphanumeric, at most 30 characters).
 */
export type ClientOrderId = string & { readonly __brand: 'ClientOrderId' };

function digest(parts: readonly (string | number)[]): string {
  // base36 of the first 16 bytes of SHA-256: ~25 characters, collision-free in practice.
  const hex = createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);
  return BigInt(`0x${hex}`).toString(36).toUpperCase().padStart(25, '0');
}

/** The entry order of one wave for one account and one leg. */
export function entryOrderId(p: { settingId: string; waveId: string; accountId: string; leg: number }): ClientOrderId {
  return `E${digest(['E', p.settingId, p.waveId, p.accountId, p.leg])}` as ClientOrderId;
}

/**
 * The exit of a trade. Quantity-aware: the same exit of the same quantity from the same open quantity is the same
 * id (a duplicate), while a further partial exit (a different open quantity) is a new id.
 */
export function exitOrderId(p: { tradeId: string; openQtyUnits: number; exitQtyUnits: number }): ClientOrderId {
  return `X${digest(['X', p.tradeId, p.openQtyUnits, p.exitQtyUnits])}` as ClientOrderId;
}

/**
 * A child of a sliced order: the parent's id plus `S` and the slice index in base 36 (two characters), so every
 * redelivery derives the same children. Entry and exit ids are 26 characters; children stay within 30.
 */
export function sliceOrderId(parent: string, index: number): ClientOrderId {
  if (!Number.isInteger(index) || index < 0 || index >= 36 * 36)
    throw new RangeError(`slice index ${index} out of range`);
  return `${parent}S${index.toString(36).toUpperCase().padStart(2, '0')}` as ClientOrderId;
}

/** True for an id made by `sliceOrderId` (an entry or exit id, then `S` and two base-36 digits). */
export function isSliceOrderId(id: string): boolean {
  return /^[EX][0-9A-Z]{25}S[0-9A-Z]{2}$/.test(id);
}
