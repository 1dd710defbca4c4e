import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's second recommended profile (m=19 MiB, t=2, p=1).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Verifies a password against an argon2 hash; a malformed hash is a mismatch, never a throw. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A fixed hash verified when the email is unknown, so timing does not reveal which emails exist. */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$qQohzo1bdOgax+q2o/+TgQ$tqY6r2W+t6pw11/r6NE1CZNur1LtOGhuvzMFa9vKYEM';
