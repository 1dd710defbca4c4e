/** Metrics registry (prom-client). */
export { createMetrics, type Metrics } from './metrics';
