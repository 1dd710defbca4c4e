import { roleAllows, type SessionUser } from '#src/accounts';
import type { StreamChannel } from './protocol';

/**
 * Who may join a channel. Own channels (pnl, ltp, trades) are open to every signed-in user and always mean the
 * user's own data; `pnl:<userId>` is the user's own or, for ops and up, anyone's; admin channels need
 * 'ops:read'. The same permission table as the REST routes (accounts/rbac).
 */
export function canJoin(user: SessionUser, channel: StreamChannel): boolean {
  if (channel === 'pnl' || channel === 'ltp' || channel === 'trades') return true;
  if (channel.startsWith('pnl:')) return channel.slice(4) === user.id || roleAllows(user.role, 'ops:read');
  return roleAllows(user.role, 'ops:read');
}

/** The user whose P&L a pnl channel carries. */
export function pnlUserOf(user: SessionUser, channel: string): string | undefined {
  if (channel === 'pnl') return user.id;
  return channel.startsWith('pnl:') ? channel.slice(4) : undefined;
}
