/** What the trader chose, and what the platform trades with. */
export type TradingMode = 'paper' | 'live';

/** Why an account trades paper (a stable code shown to the trader and stored on each trade). */
export type ModeReason =
  | 'ACCOUNT_HALTED'
  | 'ADMIN_FORCED'
  | 'SUBSCRIPTION_INACTIVE'
  | 'USER_CHOICE'
  | 'NOT_CONNECTED'
  | 'TOKEN_EXPIRED';

/** Broker session state of an account. */
export type TokenState = 'NOT_CONNECTED' | 'CONNECTED' | 'EXPIRED' | 'REVOKED';

/** Everything the effective mode depends on; `now` on the same clock as `tokenExpiresAt`. */
export interface ModeInputs {
  readonly mode: TradingMode;
  readonly tokenState: TokenState;
  readonly tokenExpiresAt: number | null;
  readonly subscriptionActive: boolean;
  readonly halted: boolean;
  readonly adminForcedPaper: boolean;
  readonly now: number;
}

/** The effective mode and, when it is paper, the reason. Also the token state as of `now`. */
export interface ModeDecision {
  readonly effectiveMode: TradingMode;
  readonly reason: ModeReason | null;
  readonly tokenState: TokenState;
}

/** A CONNECTED token whose expiry has passed is EXPIRED, whether or not the sweep has stored that yet. */
export function currentTokenState(s: TokenState, expiresAt: number | null, now: number): TokenState {
  return s === 'CONNECTED' && expiresAt !== null && expiresAt <= now ? 'EXPIRED' : s;
}

/**
 * The one rule for paper vs live. Pure. Order of reasons: a halt beats an admin force beats an inactive
 * subscription beats the trader's own choice beats the broker session (not connected, expired).
 */
export function decideMode(i: ModeInputs): ModeDecision {
  const tokenState = currentTokenState(i.tokenState, i.tokenExpiresAt, i.now);
  const paper = (reason: ModeReason): ModeDecision => ({ effectiveMode: 'paper', reason, tokenState });
  if (i.halted) return paper('ACCOUNT_HALTED');
  if (i.adminForcedPaper) return paper('ADMIN_FORCED');
  if (!i.subscriptionActive) return paper('SUBSCRIPTION_INACTIVE');
  if (i.mode === 'paper') return paper('USER_CHOICE');
  if (tokenState === 'EXPIRED') return paper('TOKEN_EXPIRED');
  if (tokenState !== 'CONNECTED') return paper('NOT_CONNECTED');
  return { effectiveMode: 'live', reason: null, tokenState };
}
