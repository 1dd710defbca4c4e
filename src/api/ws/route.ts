import type { FastifyInstance } from 'fastify';
import { createStreamHub, type HubDeps, type StreamHub } from './hub';
import { CLOSE_CODES } from './protocol';

/**
 * Registers /api/v1/stream on an encapsulated scope. The auth plugin resolves the session cookie (or API key)
 * into `req.user` for every route; this one checks it itself and closes an anonymous socket with 4401 before
 * reading a single message, so it can never subscribe. It is declared 'public' rather than 'self:read' because a
 * 401 answered to an upgrade request leaves @fastify/websocket's shutdown waiting forever (issue 6 test).
 */
export async function registerStreamHub(app: FastifyInstance, deps: HubDeps): Promise<StreamHub> {
  const hub = await createStreamHub(deps);
  app.addHook('onClose', () => hub.stop());
  app.get(
    '/api/v1/stream',
    { websocket: true, config: { permission: 'public' }, schema: { hide: true } },
    (socket, req) => {
      if (!req.user) {
        socket.close(CLOSE_CODES.unauthenticated, 'sign in required');
        return;
      }
      hub.attach(socket, req.user);
    },
  );
  return hub;
}
