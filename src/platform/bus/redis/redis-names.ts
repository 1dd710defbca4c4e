/** Maps bus names (keys, channels, streams, glob patterns) to and from their namespaced Redis form. */
export interface RedisNames {
  /** The Redis name of a key, channel or stream. */
  full(name: string): string;
  /** The bus name of a Redis name this bus produced. */
  strip(fullName: string): string;
  /** A Redis glob (PSUBSCRIBE, SCAN MATCH) for a bus glob, namespace included. */
  pattern(glob: string): string;
}

/** Our glob has one wildcard, `*`; Redis's `?`, `[`, `]` and `\` must be taken literally. */
const escapeRedisGlob = (text: string) => text.replace(/[?[\]\\]/g, '\\$&');

/** Names under `${namespace}:` (none when the namespace is empty), so tests and deployments can share a server. */
export function createRedisNames(namespace?: string): RedisNames {
  const prefix = namespace ? `${namespace}:` : '';
  return {
    full: (name) => prefix + name,
    strip: (fullName) => (fullName.startsWith(prefix) ? fullName.slice(prefix.length) : fullName),
    pattern: (glob) =>
      escapeRedisGlob(prefix) +
      glob
        .split('*')
        .map((part) => escapeRedisGlob(part))
        .join('*'),
  };
}
