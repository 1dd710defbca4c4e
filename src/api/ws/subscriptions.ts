import type { InstrumentId } from '#src/domain/instrument';
import type { Clock } from '#src/platform/clock';
import type { Logger } from '#src/platform/log';
import { canJoin, pnlUserOf } from './channel-access';
import type { ClientConn } from './client-conn';
import type { LtpGroup, LtpGroups, QuoteBoard } from './conflation';
import type { PnlBook } from './pnl-book';
import { clientMessageSchema, frame, MAX_INSTRUMENTS_PER_CLIENT, type StreamChannel } from './protocol';

/** Subscribe/unsubscribe handling and the per-client bookkeeping the flush loop reads. */
export interface SubscriptionHandler {
  /** Handles one client message; resolves true when the client's instrument needs changed. */
  handle(conn: ClientConn, raw: Buffer, pass: number): Promise<boolean>;
  sendSnapshot(conn: ClientConn, pass: number, now: number): void;
  /** Users whose P&L the client watches. */
  pnlUsers(conn: ClientConn): readonly string[];
  /** Re-groups a user's clients whose `ltp` follows their positions (after a trade event). */
  regroupUser(userId: string): void;
  detach(conn: ClientConn): void;
  allInstruments(): InstrumentId[];
}

interface ConnState {
  pnlUsers: string[];
  /** The client's own book is watched because `ltp` without instruments follows its positions. */
  watchesOwnBook: boolean;
}

export function createSubscriptionHandler(deps: {
  groups: LtpGroups;
  board: QuoteBoard;
  /** Called when a client joined another group (the hub may move it to the group's send slice). */
  onGroup: (conn: ClientConn, group: LtpGroup) => void;
  pnl: PnlBook;
  conns: ReadonlySet<ClientConn>;
  clock: Clock;
  log: Logger;
}): SubscriptionHandler {
  const { groups, pnl, clock, board } = deps;
  const states = new WeakMap<ClientConn, ConnState>();
  /** The hub's latest send pass (frames are cached per pass). */
  let currentPass = 0;
  const stateOf = (c: ClientConn): ConnState => {
    let s = states.get(c);
    if (!s) {
      s = { pnlUsers: [], watchesOwnBook: false };
      states.set(c, s);
    }
    return s;
  };
  const send = (c: ClientConn, body: Record<string, unknown>) => c.offer(frame(body), 'event', clock.now());

  const regroup = (c: ClientConn) => {
    const follows = c.channels.has('ltp') && c.instruments.length === 0;
    const ids = !c.channels.has('ltp') ? [] : follows ? pnl.positionIds(c.user.id) : c.instruments;
    const old = c.group;
    c.group = ids.length > 0 ? groups.join(ids, () => c.slice) : undefined;
    if (old) groups.leave(old);
    if (c.group && c.group !== old) {
      // Instruments new to the client have no "since" yet: its next frame carries all of the group's quotes.
      c.ltpSince = 0;
      deps.onGroup(c, c.group);
    }
  };
  /** Sends the group's snapshot; the client's next partial continues from it. */
  const sendLtpSnapshot = (c: ClientConn, kind: 'event' | 'update', now: number) => {
    if (!c.group) return;
    c.ltpSince = board.seq();
    c.offer(c.group.snapshot(currentPass, now), kind, now);
  };
  const sendPnl = (c: ClientConn, userId: string, kind: 'event' | 'update', now: number) => {
    const p = pnl.current(userId, now);
    c.pnlSeen ??= new Map();
    c.pnlSeen.set(userId, p.version);
    c.offer(p.frame, kind, now);
  };

  const syncOwnBook = async (c: ClientConn) => {
    const s = stateOf(c);
    const wants = c.channels.has('ltp') && c.instruments.length === 0;
    if (wants && !s.watchesOwnBook) await pnl.watch(c.user.id);
    if (!wants && s.watchesOwnBook) pnl.unwatch(c.user.id);
    s.watchesOwnBook = wants;
  };

  const subscribe = async (c: ClientConn, channels: readonly string[], instruments: readonly InstrumentId[] = []) => {
    const s = stateOf(c);
    const joined: string[] = [];
    for (const ch of channels) {
      if (!canJoin(c.user, ch as StreamChannel)) {
        send(c, { type: 'error', code: 'FORBIDDEN', detail: `not allowed to join ${ch}`, channel: ch });
        continue;
      }
      if (c.channels.has(ch)) continue;
      c.channels.add(ch);
      joined.push(ch);
      const userId = pnlUserOf(c.user, ch);
      if (userId && !s.pnlUsers.includes(userId)) {
        s.pnlUsers.push(userId);
        await pnl.watch(userId);
      }
    }
    const before = c.instruments.length;
    if (instruments.length > 0)
      c.instruments = [...new Set([...c.instruments, ...instruments])].slice(0, MAX_INSTRUMENTS_PER_CLIENT);
    await syncOwnBook(c);
    const ltpChanged = joined.includes('ltp') || c.instruments.length !== before;
    if (ltpChanged) regroup(c);
    const now = clock.now();
    if (ltpChanged) sendLtpSnapshot(c, 'event', now);
    for (const ch of joined) {
      const userId = pnlUserOf(c.user, ch);
      if (userId) sendPnl(c, userId, 'event', now);
    }
    return ltpChanged;
  };

  const unsubscribe = async (c: ClientConn, channels: readonly string[], instruments: readonly InstrumentId[] = []) => {
    const s = stateOf(c);
    for (const ch of channels) {
      if (!c.channels.delete(ch)) continue;
      const userId = pnlUserOf(c.user, ch);
      if (userId && s.pnlUsers.includes(userId)) {
        s.pnlUsers = s.pnlUsers.filter((u) => u !== userId);
        c.pnlSeen?.delete(userId);
        pnl.unwatch(userId);
      }
    }
    const drop = new Set<string>(instruments);
    c.instruments = c.instruments.filter((id) => !drop.has(id));
    await syncOwnBook(c);
    regroup(c);
    return true;
  };

  return {
    async handle(c, raw, pass) {
      currentPass = pass;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString());
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        send(c, { type: 'error', code: 'INVALID_JSON', detail: 'messages must be JSON' });
        return false;
      }
      const msg = clientMessageSchema.safeParse(parsed);
      if (!msg.success) {
        send(c, { type: 'error', code: 'INVALID_MESSAGE', detail: msg.error.issues.map((i) => i.message).join('; ') });
        return false;
      }
      if (msg.data.type === 'ping') {
        send(c, { type: 'pong', now: clock.now() });
        return false;
      }
      const changed =
        msg.data.type === 'subscribe'
          ? await subscribe(c, msg.data.channels, msg.data.instruments)
          : await unsubscribe(c, msg.data.channels, msg.data.instruments);
      send(c, { type: 'subscribed', channels: [...c.channels], instruments: c.instruments.length });
      return changed;
    },
    sendSnapshot(c, pass, now) {
      currentPass = pass;
      sendLtpSnapshot(c, 'update', now);
      for (const userId of stateOf(c).pnlUsers) sendPnl(c, userId, 'update', now);
    },
    pnlUsers: (c) => stateOf(c).pnlUsers,
    regroupUser(userId) {
      for (const c of deps.conns)
        if (c.user.id === userId && c.channels.has('ltp') && c.instruments.length === 0) regroup(c);
    },
    detach(c) {
      const s = stateOf(c);
      for (const userId of s.pnlUsers) pnl.unwatch(userId);
      if (s.watchesOwnBook) pnl.unwatch(c.user.id);
      if (c.group) groups.leave(c.group);
      c.group = undefined;
      states.delete(c);
    },
    allInstruments: () => [...new Set([...groups.allIds(), ...pnl.instruments()])],
  };
}
