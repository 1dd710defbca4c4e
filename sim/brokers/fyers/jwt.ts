/** Minimal HS256 JWTs for the simulator's auth codes and access tokens (Fyers' are JWTs, §1.1). */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJwt(payload: Record<string, unknown>, key: string): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

/** The payload of a token signed with `key`, or undefined when the signature or shape is wrong. */
export function verifyJwt(token: string, key: string): Record<string, unknown> | undefined {
  const [h, p, sig] = token.split('.');
  if (!h || !p || !sig) return undefined;
  const want = createHmac('sha256', key).update(`${h}.${p}`).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
  try {
    return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}
