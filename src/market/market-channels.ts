import { CHANNELS } from '#src/platform/bus';

/**
 * @deprecated The names live in CHANNELS (platform/bus/channels.ts): use `CHANNELS.feedHealth` and
 * `CHANNELS.demand`. Kept as an alias for code written before the move.
 */
export const MARKET_CHANNELS = { feedHealth: CHANNELS.feedHealth, demand: CHANNELS.demand } as const;
