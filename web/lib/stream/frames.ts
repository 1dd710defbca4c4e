/** Frames of the `/api/v1/stream` WebSocket, and a guard that turns raw text into one (or nothing). */
import type { Position, Quote, Trade, User } from '../api/types';

/** Channels the dashboard subscribes to. */
export const STREAM_CHANNELS = ['pnl', 'ltp', 'trades'] as const;

/** The first frame after the socket opens. */
export interface HelloFrame {
  type: 'hello';
  user: User;
}

/** Open P&L snapshot, a few times a second. */
export interface PnlFrame {
  type: 'pnl';
  now: number;
  totalPnlPaise: number;
  realisedPaise: number;
  positions: Position[];
}

/** Latest quotes, keyed by instrument id. */
export interface LtpFrame {
  type: 'ltp';
  now: number;
  quotes: Record<string, Quote>;
}

/** A trade entered, began exiting or closed. */
export interface TradeFrame {
  type: 'trade';
  event: 'ENTRY' | 'EXIT' | 'CLOSED';
  trade: Trade;
}

/** Server time alone, sent instead of a `pnl` frame when nothing else changed. */
export interface ClockFrame {
  type: 'clock';
  now: number;
}

/** Any frame the server sends. */
export type ServerFrame = HelloFrame | PnlFrame | LtpFrame | TradeFrame | ClockFrame;

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isFrame(f: Fields): boolean {
  switch (f.type) {
    case 'hello':
      return isObject(f.user);
    case 'pnl':
      return isNumber(f.now) && isNumber(f.totalPnlPaise) && isNumber(f.realisedPaise) && Array.isArray(f.positions);
    case 'ltp':
      return isNumber(f.now) && isObject(f.quotes);
    case 'clock':
      return isNumber(f.now);
    case 'trade':
      return isObject(f.trade) && typeof f.trade.id === 'string';
    default:
      return false;
  }
}

/**
 * Parses one text frame. Unknown or malformed frames give undefined, so a newer server that adds a frame
 * type does not break an older page; the shape checks are shallow because the server validates its output.
 */
export function parseServerFrame(text: string): ServerFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
  return isObject(value) && isFrame(value) ? (value as unknown as ServerFrame) : undefined;
}
