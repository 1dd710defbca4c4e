/**
 * Bus keys owned by the executor. They belong in platform/bus/channels.ts with the others; kept here until that
 * file's owner adopts them, so there is still one place that names them.
 */
export const EXEC_KEYS = {
  /** One fixed rate-limit window of one scope: `rl:<scope>:<window>:<index>`. */
  rateWindow: (scope: string, window: string, index: number) => `rl:${scope}:${window}:${index}`,
  /** Definite broker rejections in a row for one account. */
  errorStreak: (accountId: string) => `risk:errors:${accountId}`,
} as const;
