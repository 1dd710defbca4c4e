import type { BrokerOrder, BrokerOrderStatus } from '#src/brokers/contract';
import type { OrderStatus } from '#src/domain/order';

/** The platform status of an order as its broker reports it. */
export function toOrderStatus(s: BrokerOrderStatus): OrderStatus {
  switch (s) {
    case 'PENDING':
    case 'OPEN':
    case 'TRIGGER_PENDING':
      return 'OPEN';
    case 'PARTIALLY_FILLED':
      return 'PARTIALLY_FILLED';
    case 'FILLED':
      return 'FILLED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'REJECTED':
      return 'REJECTED';
    case 'EXPIRED':
      return 'EXPIRED';
  }
}

/** A broker order reduced to what the order row records. */
export function orderUpdate(b: BrokerOrder) {
  return {
    status: toOrderStatus(b.status),
    filledQtyUnits: b.filledQtyUnits,
    avgPricePaise: b.avgPricePaise,
    brokerOrderId: b.brokerOrderId,
    rejectReason: b.rejectReason ?? null,
  };
}
