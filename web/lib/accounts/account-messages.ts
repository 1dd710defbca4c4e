/**
 * Words for what comes back to the accounts page: the broker login's return (`?connected=` / `?error=` set by the
 * API's OAuth callback) and problem+json errors from the account calls. Pure.
 */
import { ApiError } from '../api/client';
import type { BrokerAccount, Problem } from '../api/types';
import { formatReasonCode } from '../format/reason';
import { describePaperReason } from './account-status';

/** What the broker login's return left in the page's query string. */
export type LoginReturn = { kind: 'connected'; accountId: string } | { kind: 'failed'; code: string } | undefined;

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Reads `?connected=<id>` or `?error=<code>`; anything else (or a malformed code) is ignored or made generic. */
export function readLoginReturn(search: string): LoginReturn {
  const q = new URLSearchParams(search);
  const connected = q.get('connected');
  if (connected) return { kind: 'connected', accountId: connected };
  const error = q.get('error');
  if (error !== null) return { kind: 'failed', code: CODE.test(error) ? error : 'UNKNOWN' };
  return undefined;
}

const LOGIN_FAILURES: Record<string, string> = {
  BROKER_AUTH_FAILED:
    'The broker refused the login. Check the app id, app secret and redirect URI of the account, then connect again.',
  STATE_INVALID: 'That broker login was already used or took too long. Connect again.',
  VALIDATION_FAILED: 'The broker sent the login back without an authorisation code (was it cancelled?). Connect again.',
  NOT_FOUND: 'That broker account no longer exists.',
  BROKER_UNSUPPORTED: 'This broker cannot be connected.',
  CREDENTIALS_MISSING: 'Save the broker app credentials first.',
  INTERNAL: 'The server had a problem finishing the broker login. Please try again.',
};

/** The sentence for a failed broker login, by the problem code the API redirected with. */
export function describeLoginFailure(code: string): string {
  const known = LOGIN_FAILURES[code];
  if (known) return known;
  return code === 'UNKNOWN' ? 'The broker login failed.' : `The broker login failed (${formatReasonCode(code)}).`;
}

/** The note after a successful broker login: connected, and whether the account now trades live. */
export function describeConnected(a: BrokerAccount | undefined): string {
  if (!a) return 'The broker login finished.';
  if (a.effectiveMode === 'live') return `${a.label} is connected and trading live.`;
  if (a.mode === 'paper') return `${a.label} is connected; switch it to Live to trade live.`;
  return `${a.label} is connected but trades paper: ${describePaperReason(a.modeReason ?? 'PAPER')}.`;
}

/** Field names of the add-account form, by the JSON pointer the API's validation errors use. */
const FIELD_LABELS: Record<string, string> = {
  '/broker': 'Broker',
  '/label': 'Label',
  '/brokerClientId': 'Client id',
  '/credentials/appId': 'App id',
  '/credentials/appSecret': 'App secret',
  '/credentials/redirectUri': 'Redirect URI',
  '/mode': 'Mode',
};

/** Zod's "Too small: expected string to have >=1 characters" is, to a person, a missing value. */
function fieldMessage(message: string): string {
  return /^Too small: expected string to have >=1 character/.test(message) ? 'required' : message;
}

/** A validation problem as "Label: required; Redirect URI: Invalid URL"; undefined for any other problem. */
export function describeValidation(problem: Problem | undefined): string | undefined {
  if (problem?.code !== 'VALIDATION_FAILED' || !problem.errors?.length) return undefined;
  return problem.errors.map((e) => `${FIELD_LABELS[e.path] ?? e.path}: ${fieldMessage(e.message)}`).join('; ');
}

/** A failed account call in words: field errors by name, else the problem's own sentence. */
export function describeAccountError(e: unknown): string {
  if (e instanceof ApiError) return describeValidation(e.problem) ?? e.message;
  if (e instanceof TypeError) return 'Cannot reach the server. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
