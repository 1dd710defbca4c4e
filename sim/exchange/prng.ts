/** A seeded pseudo-random source: the same seed always yields the same sequence. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, variance 1). */
  normal(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
}

const TWO_POW_32 = 4294967296;

/**
 * mulberry32 (a 32-bit state, full-period generator) with Box-Muller normals. Not cryptographic; chosen because
 * it is tiny, fast and has no allocation per draw, which matters when a cycle prices thousands of options.
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  let state = seed >>> 0;
  // Box-Muller yields normals in pairs; the second is kept for the next call.
  let spare = 0;
  let hasSpare = false;

  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };

  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // 1 - next() lies in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    hasSpare = true;
    return radius * Math.cos(angle);
  };

  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));

  return { next, normal, int };
}
