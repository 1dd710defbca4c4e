import { buildApp } from '#src/api';
import { startHeartbeat } from '#src/ops';
import type { Role } from './role';

/** REST + WebSocket hub + web app. Stateless: restarting it never touches trading. */
export const api: Role = {
  name: 'api',
  async start(platform) {
    const app = await buildApp(platform, { brokers: platform.brokers });
    await app.listen({ host: platform.config.http.host, port: platform.config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : platform.config.http.port;
    const host = platform.config.http.host === '0.0.0.0' ? 'localhost' : platform.config.http.host;
    const hb = startHeartbeat({
      bus: platform.bus,
      role: 'api',
      instance: platform.instance,
      intervalMs: platform.config.heartbeatMs,
    });
    return {
      url: platform.config.http.publicUrl ?? `http://${host}:${port}`,
      async stop() {
        await hb.stop();
        await app.close();
      },
    };
  },
};
