import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The platform's metrics, one registry per process, exposed at /metrics by the API. */
export interface Metrics {
  readonly registry: Registry;
  readonly ticksIngested: Counter;
  readonly ordersSent: Counter<'route' | 'outcome'>;
  readonly commandsProcessed: Counter<'kind' | 'result'>;
  readonly commandLatencyMs: Histogram;
  /** Order updates a broker pushed: applied (moved an order), unchanged (already known), unmatched (not ours). */
  readonly orderUpdatesPushed: Counter<'result'>;
  readonly wsClients: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  return {
    registry,
    ticksIngested: new Counter({
      name: 'mynrobo_ticks_ingested_total',
      help: 'Ticks written to the LTP cache',
      registers: [registry],
    }),
    ordersSent: new Counter({
      name: 'mynrobo_orders_sent_total',
      help: 'Orders sent to a broker or the paper broker',
      labelNames: ['route', 'outcome'],
      registers: [registry],
    }),
    commandsProcessed: new Counter({
      name: 'mynrobo_order_commands_total',
      help: 'Order commands handled by executors',
      labelNames: ['kind', 'result'],
      registers: [registry],
    }),
    commandLatencyMs: new Histogram({
      name: 'mynrobo_order_command_latency_ms',
      help: 'Enqueue to handled, ms of wall time',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
      registers: [registry],
    }),
    orderUpdatesPushed: new Counter({
      name: 'mynrobo_order_updates_pushed_total',
      help: 'Order updates pushed by broker order streams, by what applying them did',
      labelNames: ['result'],
      registers: [registry],
    }),
    wsClients: new Gauge({ name: 'mynrobo_ws_clients', help: 'Connected WebSocket clients', registers: [registry] }),
  };
}
