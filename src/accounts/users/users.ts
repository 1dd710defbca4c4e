import { sql } from 'drizzle-orm';
import { type Db, tables } from '#src/platform/db';
import { DUMMY_HASH, verifyPassword } from '../auth/passwords';

const { users } = tables;

/** Checks an email and password; undefined on any mismatch (unknown email, wrong password, inactive user). */
export async function authenticate(db: Db, email: string, password: string) {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok || user.status !== 'active') return undefined;
  return user;
}
