/**
 * Coalesces calls made in the same event-loop turn into one call over all their keys: a signal wave wakes hundreds
 * of command handlers at once, and each would otherwise make its own database round trip for the same kind of row.
 * The batch runs on `setImmediate` (after the I/O callbacks of this turn), so a lone call waits for nothing.
 */
export function coalesce<K, V>(
  load: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
  maxBatch = 500,
): (key: K) => Promise<V | undefined> {
  let waiting = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const all = waiting;
    waiting = new Map();
    const keys = [...all.keys()];
    for (let i = 0; i < keys.length; i += maxBatch) {
      const part = keys.slice(i, i + maxBatch);
      load(part).then(
        (found) => {
          for (const k of part) for (const w of all.get(k) ?? []) w.resolve(found.get(k));
        },
        (error: unknown) => {
          for (const k of part) for (const w of all.get(k) ?? []) w.reject(error);
        },
      );
    }
  };

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const list = waiting.get(key);
      if (list) list.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
