/** Roles, weakest first. */
export const ROLES = ['trader', 'ops', 'admin', 'super_admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The one permission table. Every route declares one of these in `config.permission` (or 'public' /
 * 'authenticated'); the auth plugin enforces it, and a test walks every route × role.
 */
export const PERMISSIONS = {
  /** Own data: positions, trades, broker accounts, stream. */
  'self:read': ['trader', 'ops', 'admin', 'super_admin'],
  'self:write': ['trader', 'ops', 'admin', 'super_admin'],
  /** Market reference data (sessions, holidays, expiries, instruments). */
  'market:read': ['trader', 'ops', 'admin', 'super_admin'],
  'market:write': ['admin', 'super_admin'],
  /** Operations: dashboards, runbook actions, manual order control. */
  'ops:read': ['ops', 'admin', 'super_admin'],
  'ops:act': ['ops', 'admin', 'super_admin'],
  /** Users, client lifecycle, plans, subscriptions, strategy settings and maps. */
  'admin:read': ['admin', 'super_admin'],
  'admin:write': ['admin', 'super_admin'],
  /** Admins and platform settings. */
  'super:write': ['super_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
/** What a route declares: a permission, or that it needs no user / any signed-in user. */
export type RouteAccess = Permission | 'public' | 'authenticated';

export function isPermission(value: unknown): value is RouteAccess {
  return value === 'public' || value === 'authenticated' || (typeof value === 'string' && value in PERMISSIONS);
}

export function roleAllows(role: Role, access: RouteAccess): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return (PERMISSIONS[access] as readonly Role[]).includes(role);
}
