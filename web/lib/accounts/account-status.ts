/**
 * How a broker account reads on the accounts page: its connection, what it trades with and why, and which
 * actions make sense. Pure; the server's clock decides token expiry (tokenState), so no browser clock is read.
 */
import type { BrokerAccount } from '../api/types';
import { formatReasonCode } from '../format/reason';

/** The broker that needs no login: the platform's own paper simulator. */
export const PAPER_BROKER = 'paper';

const BROKER_NAMES: Record<string, string> = {
  fyers: 'Fyers',
  paper: 'Paper',
  flattrade: 'Flattrade',
  aliceblue: 'Alice Blue',
  mastertrust: 'Master Trust',
};

/** A broker id as people write it ("aliceblue" → "Alice Blue"); an unknown id is shown as it is. */
export function brokerName(id: string): string {
  return BROKER_NAMES[id] ?? id;
}

/** Colour of the connection badge. */
export type ConnectionTone = 'connected' | 'expired' | 'disconnected' | 'notNeeded';

/** Everything the page shows for one account, derived from the API row. */
export interface AccountStatus {
  /** "Connected until 03:00 IST, Fri 27 Nov", "Session expired", "Not connected" or "No login needed". */
  connection: string;
  tone: ConnectionTone;
  /** The login button's label, or undefined when the broker has no login. */
  connectAction: 'Connect' | 'Reconnect' | undefined;
  /** Live trading waits for this login (not connected or expired), so the button is the page's main action. */
  isConnectNeeded: boolean;
  canDisconnect: boolean;
  /** Live can be chosen for a real broker only; the server refuses it for paper (MODE_NOT_ALLOWED). */
  canChooseLive: boolean;
  /** Why the account trades paper, in words; undefined while it trades live. */
  paperReason: string | undefined;
  /** The trader chose live but the platform trades paper. */
  isLiveBlocked: boolean;
}

/** Why an account trades paper, as a sentence that says what to do about it. */
const PAPER_REASONS: Record<string, string> = {
  TOKEN_EXPIRED: 'Session expired — reconnect to trade live',
  NOT_CONNECTED: 'Not connected — connect to trade live',
  USER_CHOICE: 'Paper by your choice',
  SUBSCRIPTION_INACTIVE: 'No active subscription — renew it to trade live',
  ADMIN_FORCED: 'Set to paper by an administrator',
  ACCOUNT_HALTED: 'Halted — no new orders until operations lift the halt',
};

/** A mode reason code in words; a code this page does not know reads as its words ("SOME_CODE" → "Some code"). */
export function describePaperReason(code: string): string {
  return PAPER_REASONS[code] ?? formatReasonCode(code);
}

const IST = 'Asia/Kolkata';
const hourMinute = new Intl.DateTimeFormat('en-IN', {
  timeZone: IST,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const weekdayDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: IST,
  weekday: 'short',
  day: '2-digit',
  month: 'short',
});

/** "03:00 IST, Fri 27 Nov": when a broker session ends. */
export function formatIstExpiry(epochMs: number): string {
  return `${hourMinute.format(epochMs)} IST, ${weekdayDate.format(epochMs).replace(',', '')}`;
}

function connectionOf(a: BrokerAccount): Pick<AccountStatus, 'connection' | 'tone'> {
  if (a.broker === PAPER_BROKER) return { connection: 'No login needed', tone: 'notNeeded' };
  switch (a.tokenState) {
    case 'CONNECTED':
      return {
        connection: a.tokenExpiresAt === null ? 'Connected' : `Connected until ${formatIstExpiry(a.tokenExpiresAt)}`,
        tone: 'connected',
      };
    case 'EXPIRED':
      return { connection: 'Session expired', tone: 'expired' };
    default:
      return { connection: 'Not connected', tone: 'disconnected' };
  }
}

/** The page's reading of one account. */
export function describeAccount(a: BrokerAccount): AccountStatus {
  const hasLogin = a.broker !== PAPER_BROKER;
  const isPaper = a.effectiveMode === 'paper';
  return {
    ...connectionOf(a),
    connectAction: hasLogin
      ? a.tokenState === 'NOT_CONNECTED' || a.tokenState === 'REVOKED'
        ? 'Connect'
        : 'Reconnect'
      : undefined,
    isConnectNeeded: hasLogin && a.tokenState !== 'CONNECTED',
    canDisconnect: hasLogin && (a.tokenState === 'CONNECTED' || a.tokenState === 'EXPIRED'),
    canChooseLive: hasLogin,
    paperReason: isPaper ? describePaperReason(a.modeReason ?? 'PAPER') : undefined,
    isLiveBlocked: a.mode === 'live' && isPaper,
  };
}
