import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Bus } from '#src/platform/bus';
import { accountsError } from '../errors';
import { ACCOUNT_KEYS } from '../keys';

const payload = z.object({ a: z.uuid(), u: z.uuid(), n: z.string().min(16).max(64), e: z.number().int() });
const STATE_TTL_MS = 10 * 60_000;

/** A signed, expiring, single-use OAuth `state` binding a broker login to one user's account. */
export function createOAuthState(deps: { secret: string; bus: Bus }) {
  const sign = (body: string) => createHmac('sha256', deps.secret).update(body).digest('base64url');
  return {
    issue(p: { accountId: string; userId: string; now: number }): string {
      const body = Buffer.from(
        JSON.stringify({ a: p.accountId, u: p.userId, n: randomBytes(16).toString('hex'), e: p.now + STATE_TTL_MS }),
      ).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    /** Verifies signature and expiry, then spends the state; a second use fails. */
    async consume(state: string, now: number): Promise<{ accountId: string; userId: string }> {
      const [body, mac] = state.split('.');
      if (!body || !mac) throw accountsError('STATE_INVALID');
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw accountsError('STATE_INVALID');
      const parsed = payload.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      if (!parsed.success || parsed.data.e <= now) throw accountsError('STATE_INVALID');
      const fresh = await deps.bus.setIfAbsent(ACCOUNT_KEYS.oauthState(parsed.data.n), '1', STATE_TTL_MS);
      if (!fresh) throw accountsError('STATE_INVALID');
      return { accountId: parsed.data.a, userId: parsed.data.u };
    },
  };
}

export type OAuthState = ReturnType<typeof createOAuthState>;
