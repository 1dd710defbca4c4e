import { api } from './api';
import { executor } from './executor';
import { feed } from './feed';
import type { Role, RoleName } from './role';
import { scheduler } from './scheduler';
import { strategy } from './strategy';

/** Every role by name, in start order: consumers before producers, the API last. */
export const ROLES: Readonly<Record<RoleName, Role>> = { executor, scheduler, strategy, feed, api };
export const START_ORDER: readonly RoleName[] = ['executor', 'scheduler', 'strategy', 'feed', 'api'];
