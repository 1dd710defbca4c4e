/** Process roles: thin wiring over one Platform. */
export { ROLES, START_ORDER } from './all';
export { ROLE_NAMES, type Role, type RoleName, type Stoppable } from './role';
export { type RunningPlatform, startPlatform } from './start-platform';
