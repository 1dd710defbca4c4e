/** The feed's health as admins see it live (published about once a second). */
import type { FeedConnection } from './feed-source';

export interface FeedHealth {
  readonly source: string;
  readonly instance: string;
  /** LIVE, STALLED (no batch within the stall window while a session is open) or CLOSED (all sessions shut). */
  readonly state: 'LIVE' | 'STALLED' | 'CLOSED';
  readonly now: number;
  readonly sinceLastBatchMs: number;
  readonly ticksPerSec: number;
  readonly ticksTotal: number;
  readonly droppedTicks: number;
  readonly lateTicks: number;
  readonly stalls: number;
  readonly instruments: number;
  readonly subscribed: number;
  readonly staleCount: number;
  /** The first stale instruments with their last-tick age (ms), capped to keep the frame small. */
  readonly stale: ReadonlyArray<{ readonly id: string; readonly ageMs: number | null }>;
  /** A connected source's link (a broker's data socket): not LIVE means no ticks, with the reason. */
  readonly connection?: FeedConnection;
}

export const FEED_HEALTH_STALE_LIST_MAX = 50;
