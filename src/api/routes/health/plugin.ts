import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readHeartbeats } from '#src/ops';
import type { Bus } from '#src/platform/bus';
import type { Db } from '#src/platform/db';
import type { Metrics } from '#src/platform/metrics';

const dependency = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const readySchema = z.object({
  status: z.enum(['ready', 'degraded', 'unavailable']),
  dependencies: z.object({ store: dependency, bus: dependency }),
  workers: z.array(z.object({ role: z.string(), instance: z.string(), lastBeatMsAgo: z.number(), upMs: z.number() })),
  missingRoles: z.array(z.string()),
});

const ROLES = ['feed', 'strategy', 'executor', 'scheduler'];

async function probe(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  try {
    await fn();
    return { ok: true, latencyMs: Math.round(performance.now() - t0) };
  } catch (err) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - t0),
      error: err instanceof Error ? err.message : String(err),
    };
  }
}

/** Liveness, readiness (each dependency and each worker's last heartbeat) and Prometheus metrics. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; bus: Bus; metrics: Metrics }> = async (app, opts) => {
  app.get(
    '/health/live',
    {
      config: { permission: 'public' },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );
  app.get(
    '/health/ready',
    {
      config: { permission: 'public' },
      schema: { tags: ['health'], response: { 200: readySchema, 503: readySchema } },
    },
    async (_req, reply) => {
      const [store, bus] = await Promise.all([
        probe(() => opts.db.execute(sql`select 1`)),
        probe(() => opts.bus.get('health:probe')),
      ]);
      const beats = bus.ok ? await readHeartbeats(opts.bus) : [];
      const now = Date.now();
      const workers = beats
        .filter((b) => b.role !== 'api')
        .map((b) => ({ role: b.role, instance: b.instance, lastBeatMsAgo: now - b.at, upMs: now - b.startedAt }));
      const missingRoles = ROLES.filter((r) => !workers.some((w) => w.role === r));
      const status = !store.ok || !bus.ok ? 'unavailable' : missingRoles.length > 0 ? 'degraded' : 'ready';
      return reply
        .status(status === 'unavailable' ? 503 : 200)
        .send({ status, dependencies: { store, bus }, workers, missingRoles });
    },
  );
  app.get('/metrics', { config: { permission: 'ops:read' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
};
