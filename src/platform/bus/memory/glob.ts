/**
 * Compiles the bus's glob syntax to an anchored RegExp: `*` matches any run of characters (dots included) and
 * every other character is literal, so `tick.?` matches only the channel named `tick.?`, exactly as the
 * Redis implementation escapes Redis's own wildcards.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}
