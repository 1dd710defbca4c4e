/** A handle to a scheduled callback, returned by Clock.setTimer. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * The only source of time in the platform. Domain code receives `now` as an argument; everything else gets a
 * Clock. Implementations: RealClock (wall time), VirtualClock (advanced by hand or run accelerated) and
 * ScaledClock (a shared accelerated timeline that several processes compute identically).
 */
export interface Clock {
  /** Epoch milliseconds UTC. */
  now(): number;
  /** Calls `fn` once after `delayMs` of this clock's time. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  /** Calls `fn` every `periodMs` of this clock's time until cancelled. */
  setInterval(periodMs: number, fn: () => void): TimerHandle;
  /** Resolves after `delayMs` of this clock's time. */
  sleep(delayMs: number): Promise<void>;
}
