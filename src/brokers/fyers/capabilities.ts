import type { Capabilities } from '#src/brokers/contract';

/** What Fyers supports (reference/brokers.md §1.3, §1.5, §1.6, §1.8). Data: read by the gateway and the UI. */
export const fyersCapabilities = {
  createOrder: 'native',
  modifyOrder: 'native',
  cancelOrder: 'native',
  // `GET /api/v3/orders?order_tag=` (§1.3); the adapter also scans the full book before answering "not found".
  fetchOrderByTag: 'native',
  watchOrders: 'native',
  watchTicks: 'native',
  marketOrders: 'native',
  stopMarketOrders: 'native',
  // API v3's place-order body documents no algo-id field (reference/brokers.md §1.3): recorded on our row only.
  algoId: 'none',
  orderTag: { supported: true, maxLength: 30, alphanumericOnly: true },
  // `isSliceOrder` exists (at most 10 slices), but the platform slices itself so each slice carries its own tag.
  slicing: 'none',
  orderRateLimits: { perSecond: 10, perMinute: 200, perDay: 100_000 },
  sessionExpiry: { kind: 'DAILY_AT_IST', time: '03:00' },
} as const satisfies Capabilities;
