/** The trader's broker accounts: list, add, choose paper or live, connect through the broker login, disconnect. */
import { callApi } from './client';
import type { BrokerAccount, BrokerMode, NewBrokerAccount } from './types';

const BASE = '/broker-accounts';

/** The signed-in trader's accounts. */
export async function fetchBrokerAccounts(): Promise<BrokerAccount[]> {
  return (await callApi<{ accounts: BrokerAccount[] }>(BASE)).accounts;
}

/** Adds an account; the app secret goes to the server once and is never returned. */
export async function createBrokerAccount(body: NewBrokerAccount): Promise<BrokerAccount> {
  return (await callApi<{ account: BrokerAccount }>(BASE, { method: 'POST', body })).account;
}

/** Chooses paper or live; the answer carries the effective mode the platform will trade with. */
export async function chooseBrokerMode(id: string, mode: BrokerMode): Promise<BrokerAccount> {
  const path = `${BASE}/${encodeURIComponent(id)}`;
  return (await callApi<{ account: BrokerAccount }>(path, { method: 'PATCH', body: { mode } })).account;
}

/** Starts the broker login: the URL to send the browser to. */
export async function connectBrokerAccount(id: string): Promise<string> {
  const path = `${BASE}/${encodeURIComponent(id)}/connect`;
  return (await callApi<{ authorizeUrl: string }>(path, { method: 'POST' })).authorizeUrl;
}

/** Drops the stored broker session; the account trades paper until it is connected again. */
export async function disconnectBrokerAccount(id: string): Promise<BrokerAccount> {
  const path = `${BASE}/${encodeURIComponent(id)}/disconnect`;
  return (await callApi<{ account: BrokerAccount }>(path, { method: 'POST' })).account;
}
