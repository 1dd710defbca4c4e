import { globToRegExp } from './glob';

interface Slot {
  value: string;
  readonly expiresAt: number | undefined;
}

/** The key-value third of the memory bus: strings with optional TTL, and hashes. */
export interface MemoryKv {
  setIfAbsent(key: string, value: string, ttlMs: number): boolean;
  set(key: string, value: string, ttlMs?: number): void;
  get(key: string): string | undefined;
  del(key: string): void;
  /** Live string and hash keys matching the glob. */
  keys(pattern: string): string[];
  incr(key: string, by: number, ttlMs: number): number;
  hset(key: string, fields: Readonly<Record<string, string>>): void;
  hget(key: string, field: string): string | undefined;
  hgetall(key: string): Record<string, string>;
}

/** Redis refuses a zero or fractional PX, so both buses round a TTL to a whole, positive millisecond count. */
export const normaliseTtlMs = (ttlMs: number): number => Math.max(1, Math.round(ttlMs));

/** Expiry is checked lazily on access against wall time, which is what Redis's TTLs measure too. */
export function createMemoryKv(): MemoryKv {
  const strings = new Map<string, Slot>();
  const hashes = new Map<string, Map<string, string>>();

  const live = (key: string): Slot | undefined => {
    const slot = strings.get(key);
    if (slot?.expiresAt !== undefined && slot.expiresAt <= Date.now()) {
      strings.delete(key);
      return undefined;
    }
    return slot;
  };
  const put = (key: string, value: string, ttlMs: number | undefined) => {
    hashes.delete(key);
    strings.set(key, { value, expiresAt: ttlMs === undefined ? undefined : Date.now() + normaliseTtlMs(ttlMs) });
  };

  return {
    setIfAbsent(key, value, ttlMs) {
      if (live(key) !== undefined || hashes.has(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    set: (key, value, ttlMs) => put(key, value, ttlMs),
    get: (key) => live(key)?.value,
    del(key) {
      strings.delete(key);
      hashes.delete(key);
    },
    keys(pattern) {
      const re = globToRegExp(pattern);
      const names = [...strings.keys()].filter((k) => live(k) !== undefined);
      return [...names, ...hashes.keys()].filter((k) => re.test(k));
    },
    incr(key, by, ttlMs) {
      const slot = live(key);
      if (slot === undefined) {
        put(key, String(by), ttlMs);
        return by;
      }
      const current = Number(slot.value);
      if (!Number.isSafeInteger(current)) throw new Error(`value at ${key} is not an integer`);
      slot.value = String(current + by);
      return current + by;
    },
    hset(key, fields) {
      strings.delete(key);
      const hash = hashes.get(key) ?? new Map<string, string>();
      for (const [field, value] of Object.entries(fields)) hash.set(field, value);
      if (hash.size > 0) hashes.set(key, hash);
    },
    hget: (key, field) => hashes.get(key)?.get(field),
    hgetall: (key) => Object.fromEntries(hashes.get(key) ?? []),
  };
}
