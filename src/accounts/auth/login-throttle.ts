import { createHash } from 'node:crypto';
import type { Bus } from '#src/platform/bus';
import { accountsError } from '../errors';
import { ACCOUNT_KEYS } from '../keys';

/** Failed-login counting and temporary lockout, shared by every API instance through the bus. */
export interface LoginThrottle {
  /** Throws LOGIN_LOCKED while the email is locked, RATE_LIMITED when the address tries too often. */
  check(email: string, ip: string): Promise<void>;
  /** Counts a failure; returns true when this failure locked the email. */
  fail(email: string): Promise<boolean>;
  reset(email: string): Promise<void>;
  /** Counts a mail-sending request from an address; throws RATE_LIMITED past the limit. */
  mailAttempt(ip: string): Promise<void>;
}

const emailKey = (email: string) => createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32);

export function createLoginThrottle(deps: { bus: Bus; maxFailures: number; lockoutMs: number }): LoginThrottle {
  // An address may try many emails (an office behind NAT), but not without bound.
  const ipLimit = deps.maxFailures * 20;
  return {
    async check(email, ip) {
      if (await deps.bus.get(ACCOUNT_KEYS.loginLock(emailKey(email)))) throw accountsError('LOGIN_LOCKED');
      const n = await deps.bus.incr(ACCOUNT_KEYS.loginByIp(ip), 1, deps.lockoutMs);
      if (n > ipLimit) throw accountsError('RATE_LIMITED');
    },
    async fail(email) {
      const key = emailKey(email);
      const n = await deps.bus.incr(ACCOUNT_KEYS.loginFailures(key), 1, deps.lockoutMs);
      if (n < deps.maxFailures) return false;
      await deps.bus.set(ACCOUNT_KEYS.loginLock(key), '1', deps.lockoutMs);
      await deps.bus.del(ACCOUNT_KEYS.loginFailures(key));
      return true;
    },
    async reset(email) {
      await deps.bus.del(ACCOUNT_KEYS.loginFailures(emailKey(email)));
    },
    async mailAttempt(ip) {
      const n = await deps.bus.incr(ACCOUNT_KEYS.mailByIp(ip), 1, deps.lockoutMs);
      if (n > ipLimit) throw accountsError('RATE_LIMITED');
    },
  };
}
