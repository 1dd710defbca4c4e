/** Accounts: users, passwords, sessions (and, with the identity issue, roles, subscriptions and broker accounts). */
export { DUMMY_HASH, hashPassword, verifyPassword } from './auth/passwords';
export { createSessionStore, type SessionStore, type SessionUser } from './auth/sessions';
export { authenticate } from './users/users';
