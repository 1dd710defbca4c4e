/** Accounts: identity, sessions, RBAC, client lifecycle, plans and subscriptions, broker accounts, API keys, audit. */
export { API_KEY_SCOPES, type ApiKeyPrincipal, type ApiKeyScope, type ApiKeys } from './api-keys/api-keys';
export { type AuditEntry, appendAudit, verifyAuditChain } from './audit/audit-log';
export { type AuditFilter, queryAudit } from './audit/audit-query';
export { DUMMY_HASH, hashPassword, verifyPassword } from './auth/passwords';
export { createSessionStore, type SessionStore, type SessionUser } from './auth/sessions';
export type { BrokerAccountView, BrokerLookup } from './broker-accounts/broker-accounts';
export {
  decideMode,
  type ModeDecision,
  type ModeInputs,
  type ModeReason,
  type TokenState,
  type TradingMode,
} from './broker-accounts/effective-mode';
export { type AccountModeEvent, syncAccountModes } from './broker-accounts/mode-sync';
export { expireBrokerSession, sweepExpiredTokens } from './broker-accounts/token-sweep';
export { auditVerifyCommand, rotateKeysCommand } from './commands';
export { type Accounts, createAccounts, createCryptoFromConfig, createMailerFromConfig } from './create-accounts';
export { AccountsError, type AccountsErrorCode, accountsError } from './errors';
export {
  isPermission,
  PERMISSIONS,
  type Permission,
  ROLES,
  type Role,
  type RouteAccess,
  roleAllows,
} from './rbac/permissions';
export { isSubscriptionActive, tradableAccountIds } from './subscriptions/active';
export { createSubscriptions, type Subscriptions } from './subscriptions/subscriptions';
export { LIFECYCLE, type LifecycleAction, type UserStatus } from './users/lifecycle';
export { authenticate } from './users/users';
