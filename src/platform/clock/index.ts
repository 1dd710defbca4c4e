/** Clock port: real, virtual (by hand or accelerated) and scaled (shared accelerated timeline). */
export type { Clock, TimerHandle } from './clock';
export { createRealClock } from './real-clock';
export { createScaledClock, type ScaledClockOptions } from './scaled-clock';
export { createVirtualClock, type VirtualClock } from './virtual-clock';
