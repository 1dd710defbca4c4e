/**
 * Fyers login on the simulator (reference/brokers.md §1.1): the generate-authcode page or redirect, the auth-code
 * exchange checking appIdHash, JWT access tokens carrying `exp` and `hsm_key`, logout, and per-call token checks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt';

/** A registered app (one user per app on the simulator). */
export interface SimApp {
  readonly appId: string;
  readonly appSecret: string;
  readonly redirectUri: string;
  readonly fyId: string;
}

/** A Fyers-shaped refusal. */
export interface SimAuthError {
  readonly httpStatus: number;
  readonly code: number;
  readonly message: string;
}

export function createSimAuth(p: {
  apps: readonly SimApp[];
  now: () => number;
  tokenTtlMs: number;
  /** Every token stops working from this instant (the fault `tokenExpiresAt`). */
  expireAllAt: () => number | null;
}) {
  const key = randomBytes(32).toString('hex');
  const apps = new Map(p.apps.map((a) => [a.appId, a]));
  const usedCodes = new Set<string>();
  const revoked = new Set<string>();
  /** hsm_key → the app and token it was issued with. */
  const hsmKeys = new Map<string, { appId: string; token: string; expS: number }>();

  const nowS = () => Math.floor(p.now() / 1000);
  const isExpired = (token: string, expS: number) =>
    expS <= nowS() || revoked.has(token) || (p.expireAllAt() !== null && p.now() >= (p.expireAllAt() ?? 0));

  /** Checks a generate-authcode request; returns the redirect target with `auth_code` and `state`. */
  function authorize(q: URLSearchParams): { location: string } | SimAuthError {
    const app = apps.get(q.get('client_id') ?? '');
    if (!app) return { httpStatus: 400, code: -352, message: 'Invalid App ID' };
    if (q.get('redirect_uri') !== app.redirectUri)
      return { httpStatus: 400, code: -50, message: 'Invalid redirect_uri' };
    if (q.get('response_type') !== 'code') return { httpStatus: 400, code: -50, message: 'Invalid response_type' };
    const code = signJwt(
      {
        sub: 'auth_code',
        app_id: app.appId,
        iat: nowS(),
        exp: nowS() + 8 * 3600,
        nonce: randomBytes(8).toString('hex'),
      },
      key,
    );
    const target = new URL(app.redirectUri);
    target.searchParams.set('s', 'ok');
    target.searchParams.set('code', '200');
    target.searchParams.set('message', '');
    target.searchParams.set('auth_code', code);
    target.searchParams.set('state', q.get('state') ?? '');
    return { location: target.toString() };
  }

  /** An access token for an app, as validate-authcode issues it. */
  function issueToken(appId: string): string {
    const app = apps.get(appId);
    if (!app) throw new Error(`unknown sim app ${appId}`);
    const hsmKey = randomBytes(16).toString('hex');
    const iat = nowS();
    const exp = Math.floor((p.now() + p.tokenTtlMs) / 1000);
    const token = signJwt(
      { iss: 'api.fyers.in', sub: 'access_token', app_id: appId, fy_id: app.fyId, iat, exp, hsm_key: hsmKey },
      key,
    );
    hsmKeys.set(hsmKey, { appId, token, expS: exp });
    return token;
  }

  function validateAuthcode(
    body: Record<string, unknown>,
  ): { access_token: string; refresh_token: string } | SimAuthError {
    const claims = verifyJwt(String(body.code ?? ''), key);
    if (body.grant_type !== 'authorization_code') return { httpStatus: 400, code: -50, message: 'Invalid grant_type' };
    if (claims?.sub !== 'auth_code' || Number(claims.exp) < nowS() || usedCodes.has(String(body.code))) {
      return { httpStatus: 400, code: -17, message: 'Invalid auth code' };
    }
    const app = apps.get(String(claims.app_id));
    const want = app && createHash('sha256').update(`${app.appId}:${app.appSecret}`).digest('hex');
    if (!app || body.appIdHash !== want) {
      return { httpStatus: 400, code: -371, message: 'Please provide sha256 hash of appId and app secret' };
    }
    usedCodes.add(String(body.code));
    return {
      access_token: issueToken(app.appId),
      refresh_token: signJwt({ sub: 'refresh_token', app_id: app.appId }, key),
    };
  }

  /** Checks `Authorization: <APP_ID>:<token>`; returns the app or a Fyers refusal. */
  function authenticate(header: string | undefined): SimApp | SimAuthError {
    const at = (header ?? '').indexOf(':');
    const appId = at > 0 ? (header ?? '').slice(0, at) : '';
    const token = at > 0 ? (header ?? '').slice(at + 1) : '';
    const claims = verifyJwt(token, key);
    const app = apps.get(appId);
    if (claims?.sub !== 'access_token' || !app || claims.app_id !== appId) {
      return { httpStatus: 401, code: -15, message: 'Invalid token' };
    }
    if (isExpired(token, Number(claims.exp)))
      return { httpStatus: 401, code: -16, message: 'Could not authenticate the user' };
    return app;
  }

  return {
    authorize,
    validateAuthcode,
    authenticate,
    issueToken,
    logout: (header: string | undefined) => revoked.add((header ?? '').slice((header ?? '').indexOf(':') + 1)),
    /** The app an HSM key belongs to, while its token is usable (not expired, not logged out). */
    appForHsmKey: (hsmKey: string) => {
      const k = hsmKeys.get(hsmKey);
      return k && !isExpired(k.token, k.expS) ? k.appId : undefined;
    },
    apps: () => [...apps.values()],
  };
}

export type SimAuth = ReturnType<typeof createSimAuth>;
