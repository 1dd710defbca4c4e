/** Fault settings, the seeded generator that draws them, and Fyers' rate limits (reference/brokers.md §1.8). */
import { DEFAULT_FAULTS, type FyersSimFaults } from './types';

/** The plain JS fault API on the simulator. */
export interface FaultControls {
  set(patch: Partial<FyersSimFaults>): void;
  get(): Readonly<FyersSimFaults>;
  reset(): void;
}

/** What happens to one order write. */
export type WriteFate = 'normal' | 'timeout' | 'noAck' | 'http5xx';

/** mulberry32: small, fast and the same sequence for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaults(seed: number) {
  let faults: FyersSimFaults = { ...DEFAULT_FAULTS };
  const random = seeded(seed);
  const calls = new Map<string, number[]>();

  const controls: FaultControls = {
    set: (patch) => {
      faults = { ...faults, ...patch };
    },
    get: () => faults,
    reset: () => {
      faults = { ...DEFAULT_FAULTS };
    },
  };

  /** One draw decides a write's fate, so a seed replays the same sequence of faults. */
  const writeFate = (): WriteFate => {
    const r = random();
    const forced = faults.failNextWrite;
    if (forced) {
      faults = { ...faults, failNextWrite: null };
      return forced;
    }
    if (r < faults.timeoutRate) return 'timeout';
    if (r < faults.timeoutRate + faults.noAckRate) return 'noAck';
    if (r < faults.timeoutRate + faults.noAckRate + faults.http5xxRate) return 'http5xx';
    return 'normal';
  };

  const takeRejection = () => {
    const r = faults.rejectNext;
    if (r) faults = { ...faults, rejectNext: null };
    return r;
  };

  /** Milliseconds until the app may call again, or 0 when this call is within 10/s and 200/min. */
  const rateLimitWait = (appId: string, now: number): number => {
    if (faults.rateLimitNext > 0) {
      faults = { ...faults, rateLimitNext: faults.rateLimitNext - 1 };
      return 1000;
    }
    if (!faults.enforceRateLimits) return 0;
    const recent = (calls.get(appId) ?? []).filter((t) => t > now - 60_000);
    calls.set(appId, recent);
    const lastSecond = recent.filter((t) => t > now - 1000);
    if (lastSecond.length >= 10) return (lastSecond[lastSecond.length - 10] ?? now) + 1000 - now;
    if (recent.length >= 200) return (recent[recent.length - 200] ?? now) + 60_000 - now;
    recent.push(now);
    return 0;
  };

  return { controls, writeFate, takeRejection, rateLimitWait };
}
