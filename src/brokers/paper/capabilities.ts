import type { Capabilities } from '../contract';

/** The paper broker fills from the platform's own tick cache; it has no session and no rate limits. */
export const paperCapabilities = {
  createOrder: 'native',
  modifyOrder: 'native',
  cancelOrder: 'native',
  fetchOrderByTag: 'native',
  watchOrders: 'none',
  watchTicks: 'none',
  marketOrders: 'native',
  stopMarketOrders: 'native',
  // Recorded on the paper order, as a broker with an algo-id field would carry it.
  algoId: 'field',
  orderTag: { supported: true, maxLength: 64, alphanumericOnly: false },
  slicing: 'none',
  orderRateLimits: {},
  sessionExpiry: { kind: 'NEVER' },
} as const satisfies Capabilities;
