// Bus keys of the accounts module. TODO(#4): move into platform/bus/channels.ts KEYS (owned elsewhere).
export const ACCOUNT_KEYS = {
  /** Failed sign-ins for one email (hashed), with the lockout window as TTL. */
  loginFailures: (emailHash: string) => `auth:login-fail:${emailHash}`,
  /** Present while sign-in for one email (hashed) is locked. */
  loginLock: (emailHash: string) => `auth:login-lock:${emailHash}`,
  /** Sign-in attempts from one client address in the current window. */
  loginByIp: (ip: string) => `auth:login-ip:${ip}`,
  /** Mail-sending requests (sign-up, resend, reset) from one client address. */
  mailByIp: (ip: string) => `auth:mail-ip:${ip}`,
  /** A broker OAuth state nonce, set once when used. */
  oauthState: (nonce: string) => `auth:oauth-state:${nonce}`,
} as const;
