/**
 * Fyers login (reference/brokers.md §1.1): the generate-authcode URL, the auth-code exchange with
 * appIdHash = sha256("<APP_ID>:<APP_SECRET>"), the token's expiry and logout.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { type BrokerAuth, BrokerError, type BrokerSession } from '#src/brokers/contract';
import type { FyersConfig } from './config';
import { fyersRequest } from './http';
import { type FyersTokenClaims, fyersTokenClaims, fyersTokenReply } from './wire';

const DAY_MS = 86_400_000;
const IST_OFFSET_MS = 330 * 60_000;

/** sha256 hex of "<appId>:<appSecret>", the app's proof of its secret at the exchange (§1.1 step 3). */
export function appIdHash(appId: string, appSecret: string): string {
  return createHash('sha256').update(`${appId}:${appSecret}`).digest('hex');
}

/** The next instant after `now` at which IST wall time reads `hhmm` ('03:00'). */
export function nextIstTime(now: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  const istMidnight = Math.floor((now + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
  const candidate = istMidnight + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
  return candidate > now ? candidate : candidate + DAY_MS;
}

/** The access token's claims, or undefined when it is not a readable JWT. Never verifies: Fyers holds the key. */
export function readTokenClaims(token: string): FyersTokenClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const r = fyersTokenClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return r.success ? r.data : undefined;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Expiry = the JWT `exp` or the daily IST backstop, whichever is earlier (§1.1 step 6: the cutoff is [UNSURE]). */
export function tokenExpiresAt(token: string, now: number, dailyExpiryIst: string): number {
  const backstop = nextIstTime(now, dailyExpiryIst);
  const exp = readTokenClaims(token)?.exp;
  return exp !== undefined ? Math.min(exp * 1000, backstop) : backstop;
}

/** The `Authorization` header value of every Fyers call (§1.2): no "Bearer". */
export function authorizationHeader(appId: string, accessToken: string): string {
  return `${appId}:${accessToken}`;
}

/** Builds the Fyers login flow for a given configuration. */
export function createFyersAuth(deps: { config: FyersConfig; log?: Logger }): BrokerAuth {
  const req = { config: deps.config, ...(deps.log ? { log: deps.log } : {}) };
  return {
    authorizeUrl({ credentials, state }) {
      const url = new URL('/api/v3/generate-authcode', deps.config.apiBaseUrl);
      url.searchParams.set('client_id', credentials.appId);
      url.searchParams.set('redirect_uri', credentials.redirectUri);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('state', state);
      return url.toString();
    },

    async exchangeCode({ credentials, code, now }): Promise<BrokerSession> {
      const body = {
        grant_type: 'authorization_code',
        appIdHash: appIdHash(credentials.appId, credentials.appSecret),
        code,
      };
      const reply = fyersTokenReply.safeParse(
        await fyersRequest(req, { method: 'POST', path: '/api/v3/validate-authcode', body }),
      );
      if (!reply.success) throw new BrokerError('AUTH_FAILED', 'fyers', 'validate-authcode returned no access token');
      const token = reply.data.access_token;
      const claims = readTokenClaims(token);
      deps.log?.info({ appId: credentials.appId, hasHsmKey: Boolean(claims?.hsm_key) }, 'fyers session opened');
      return {
        accessToken: token,
        expiresAt: tokenExpiresAt(token, now, deps.config.dailyExpiryIst),
        ...(claims?.fy_id ? { brokerClientId: claims.fy_id } : {}),
      };
    },

    async logout({ credentials, session }) {
      await fyersRequest(req, {
        method: 'POST',
        path: '/api/v3/logout',
        authorization: authorizationHeader(credentials.appId, session.accessToken),
      });
    },
  };
}
