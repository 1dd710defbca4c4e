import type { InstrumentId } from '#src/domain/instrument';
import { positionPnl } from '#src/domain/order';
import type { PositionView, TradingViews } from '../routes/trading/views';
import type { QuoteBoard } from './conflation';

/** One user's open positions, marked to the board's latest prices, as a pre-serialised frame. */
interface UserBook {
  positions: PositionView[];
  realisedPaise: number;
  /** Frame body without `now`, to tell "changed" from "same numbers, later time". */
  lastBody: string;
  /** Bumped whenever the body changes; each client remembers the version it was last sent. */
  version: number;
  /** The frame of `version`. */
  frame: string;
  /** The board sequence number the body was last marked at (-1: positions reloaded since). */
  markedSeq: number;
  watchers: number;
  reload: Promise<void> | undefined;
}

/** A P&L frame and the book version it shows. */
export interface PnlFrame {
  readonly frame: string;
  readonly version: number;
}

/** Open-position P&L per watched user: positions re-read on trade events, marked on every flush. */
export interface PnlBook {
  /** Starts watching a user (loads positions once); returns when loaded. */
  watch(userId: string): Promise<void>;
  unwatch(userId: string): void;
  /** Re-reads a watched user's positions and realised P&L (after a trade event). */
  reload(userId: string): Promise<void>;
  /**
   * The user's P&L frame when it changed after version `seen`, else undefined. Marked to the board at most once
   * per board change, however many clients ask.
   */
  changed(userId: string, seen: number, now: number): PnlFrame | undefined;
  /** The user's current P&L frame whatever changed (snapshots). */
  current(userId: string, now: number): PnlFrame;
  /** Instruments of every watched user's positions (they must be quoted). */
  instruments(): InstrumentId[];
  positionIds(userId: string): InstrumentId[];
}

export function createPnlBook(deps: {
  views: TradingViews;
  board: QuoteBoard;
  isStale: (id: InstrumentId) => boolean;
}): PnlBook {
  const books = new Map<string, UserBook>();

  const load = async (userId: string, book: UserBook) => {
    const [positions, trades] = await Promise.all([deps.views.positions(userId), deps.views.trades(userId)]);
    book.positions = positions;
    book.realisedPaise = trades.reduce((s, t) => s + (t.status === 'CLOSED' ? (t.pnlPaise ?? 0) : 0), 0);
    book.markedSeq = -1;
  };

  const body = (userId: string, book: Pick<UserBook, 'positions' | 'realisedPaise'>): string => {
    let total = 0;
    let anyStale = false;
    const marked = book.positions.map((p) => {
      const id = p.instrumentId as InstrumentId;
      const q = deps.board.latest(id);
      const ltpPaise = q?.ltp ?? p.ltpPaise;
      const pnlPaise = q
        ? positionPnl({ side: p.side, qtyUnits: p.qtyUnits, entryPaise: p.entryPricePaise, markPaise: q.ltp })
        : p.pnlPaise;
      const isStale = q ? deps.isStale(id) : p.isStale;
      total += pnlPaise;
      anyStale ||= isStale;
      return { ...p, ltpPaise, pnlPaise, isStale };
    });
    return JSON.stringify({
      userId,
      totalPnlPaise: total,
      realisedPaise: book.realisedPaise,
      isStale: anyStale,
      positions: marked,
    });
  };
  const withNow = (b: string, now: number) => `{"type":"pnl","now":${now},${b.slice(1)}`;
  const mark = (userId: string, book: UserBook, now: number): UserBook => {
    const seq = deps.board.seq();
    if (book.markedSeq === seq) return book;
    book.markedSeq = seq;
    const b = body(userId, book);
    if (b !== book.lastBody) {
      book.lastBody = b;
      book.version++;
      book.frame = withNow(b, now);
    }
    return book;
  };

  return {
    async watch(userId) {
      let book = books.get(userId);
      if (!book) {
        book = {
          positions: [],
          realisedPaise: 0,
          lastBody: '',
          version: 0,
          frame: '',
          markedSeq: -1,
          watchers: 0,
          reload: undefined,
        };
        books.set(userId, book);
        book.reload = load(userId, book);
      }
      book.watchers++;
      await book.reload;
    },
    unwatch(userId) {
      const book = books.get(userId);
      if (book && --book.watchers <= 0) books.delete(userId);
    },
    async reload(userId) {
      const book = books.get(userId);
      if (!book) return;
      book.reload = load(userId, book);
      await book.reload;
    },
    changed(userId, seen, now) {
      const book = books.get(userId);
      if (!book) return undefined;
      mark(userId, book, now);
      return book.version > seen ? { frame: book.frame, version: book.version } : undefined;
    },
    current(userId, now) {
      const book = books.get(userId);
      if (!book) return { frame: withNow(body(userId, { positions: [], realisedPaise: 0 }), now), version: 0 };
      mark(userId, book, now);
      return { frame: withNow(book.lastBody, now), version: book.version };
    },
    instruments: () => [...books.values()].flatMap((b) => b.positions.map((p) => p.instrumentId as InstrumentId)),
    positionIds: (userId) => (books.get(userId)?.positions ?? []).map((p) => p.instrumentId as InstrumentId),
  };
}
