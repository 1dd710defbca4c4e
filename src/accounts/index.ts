/** Accounts: users, passwords, sessions, roles and permissions, the audit log. */
export { type AuditEntry, appendAudit, verifyAuditChain } from './audit/audit-log';
export { DUMMY_HASH, hashPassword, verifyPassword } from './auth/passwords';
export { createSessionStore, type SessionStore, type SessionUser } from './auth/sessions';
export {
  isPermission,
  PERMISSIONS,
  type Permission,
  ROLES,
  type Role,
  type RouteAccess,
  roleAllows,
} from './rbac/permissions';
export { authenticate } from './users/users';
