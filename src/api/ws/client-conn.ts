import type { WebSocket } from 'ws';
import type { SessionUser } from '#src/accounts';
import type { InstrumentId } from '#src/domain/instrument';
import type { Frame, LtpGroup } from './conflation';

/** Per-client buffer limits and the slow-consumer policy. */
export interface BackpressurePolicy {
  /** Above this many queued bytes, conflated updates are dropped and the client owes a snapshot. */
  readonly softLimitBytes: number;
  /** Above this, or slow for longer than `slowTimeoutMs`, the client is disconnected. */
  readonly hardLimitBytes: number;
  readonly slowTimeoutMs: number;
}

export const DEFAULT_BACKPRESSURE: BackpressurePolicy = {
  softLimitBytes: 256 * 1024,
  hardLimitBytes: 4 * 1024 * 1024,
  slowTimeoutMs: 10_000,
};

/** What is sent: conflated updates may be dropped (a snapshot repairs them), events may not. */
export type FrameKind = 'update' | 'event';

/** Why a send did not go out. */
export type SendOutcome = 'sent' | 'dropped' | 'disconnected';

/** One connected socket and its subscriptions. Small on purpose: 10,000 of them must fit in 200 MB. */
export interface ClientConn {
  readonly socket: WebSocket;
  readonly user: SessionUser;
  readonly channels: Set<string>;
  /** Instruments asked for explicitly; `ltp` without instruments means the user's own positions. */
  instruments: InstrumentId[];
  group: LtpGroup | undefined;
  /** The send-pass slice the client is flushed in. */
  slice: number;
  /** The pass the client was last flushed in: at most one conflated send per interval. */
  lastPass: number;
  /** The quote board's sequence number when the client was last sent its quotes. */
  ltpSince: number;
  /** When the client was last sent a timed frame (`now`), for the once-a-second clock. */
  lastNowAt: number;
  /** Per watched user, the P&L version last sent (only for P&L watchers). */
  pnlSeen: Map<string, number> | undefined;
  owesSnapshot: boolean;
  slowSince: number | undefined;
  isAlive: boolean;
  /** Sends a frame (a shared Buffer goes out as a text frame, unencoded again) unless the policy refuses it. */
  offer(frame: Frame, kind: FrameKind, now: number): SendOutcome;
  /** Applies the slow-consumer policy without sending; false when the client was disconnected. */
  enforce(now: number): boolean;
}

const AS_TEXT = { binary: false } as const;

export function createClientConn(
  socket: WebSocket,
  user: SessionUser,
  policy: BackpressurePolicy,
  onSlow: (conn: ClientConn) => void,
): ClientConn {
  const conn: ClientConn = {
    socket,
    user,
    channels: new Set(),
    instruments: [],
    group: undefined,
    slice: 0,
    lastPass: Number.NEGATIVE_INFINITY,
    ltpSince: 0,
    lastNowAt: 0,
    pnlSeen: undefined,
    owesSnapshot: false,
    slowSince: undefined,
    isAlive: true,
    enforce(now) {
      if (socket.readyState !== socket.OPEN) return false;
      const queued = socket.bufferedAmount;
      if (queued > policy.softLimitBytes) conn.slowSince ??= now;
      else conn.slowSince = undefined;
      const isTooSlow = conn.slowSince !== undefined && now - conn.slowSince > policy.slowTimeoutMs;
      if (queued <= policy.hardLimitBytes && !isTooSlow) return true;
      onSlow(conn);
      // terminate, not close: a close frame would queue behind the backlog that made the client slow.
      socket.terminate();
      return false;
    },
    offer(frame, kind, now) {
      if (socket.readyState !== socket.OPEN) return 'dropped';
      if (!conn.enforce(now)) return 'disconnected';
      const isOverSoft = socket.bufferedAmount > policy.softLimitBytes;
      if (kind === 'update' && isOverSoft) {
        conn.owesSnapshot = true;
        return 'dropped';
      }
      if (typeof frame === 'string') socket.send(frame);
      else socket.send(frame, AS_TEXT);
      return 'sent';
    },
  };
  return conn;
}
