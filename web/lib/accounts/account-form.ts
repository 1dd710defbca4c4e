/** The add-account form: its fields, the broker choices and the request body it makes. Pure. */
import type { NewBrokerAccount } from '../api/types';
import { PAPER_BROKER } from './account-status';

/** Brokers a trader can add here; the server refuses any it cannot run (BROKER_UNSUPPORTED). */
export const BROKER_CHOICES = [
  { id: 'fyers', label: 'Fyers' },
  { id: PAPER_BROKER, label: 'Paper (simulated, no broker)' },
] as const;

/** The form's values, as typed. */
export interface AccountFormValues {
  broker: string;
  label: string;
  brokerClientId: string;
  appId: string;
  appSecret: string;
  redirectUri: string;
}

/** The platform's own OAuth callback: the redirect URI to register with the broker app. */
export function defaultRedirectUri(origin: string): string {
  return `${origin}/api/v1/broker-accounts/oauth/callback`;
}

/** A blank form; the redirect URI starts as this platform's callback. */
export function emptyAccountForm(origin: string): AccountFormValues {
  return {
    broker: 'fyers',
    label: '',
    brokerClientId: '',
    appId: '',
    appSecret: '',
    redirectUri: defaultRedirectUri(origin),
  };
}

/** Whether the broker needs app credentials (every broker but paper logs in through its own app). */
export const needsCredentials = (broker: string): boolean => broker !== PAPER_BROKER;

/**
 * The POST body. Text is trimmed except the secret, which is sent exactly as typed. A broker with a login always
 * gets its app credentials (connecting needs them); the server validates each field and names the wrong one.
 */
export function buildNewAccount(v: AccountFormValues): NewBrokerAccount {
  const body: NewBrokerAccount = { broker: v.broker, label: v.label.trim(), brokerClientId: v.brokerClientId.trim() };
  if (needsCredentials(v.broker))
    body.credentials = { appId: v.appId.trim(), appSecret: v.appSecret, redirectUri: v.redirectUri.trim() };
  return body;
}
