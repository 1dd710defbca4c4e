import { type Bus, KEYS } from '#src/platform/bus';

/** One role instance's heartbeat, as the API shows it. Times are wall-clock ms. */
export interface Heartbeat {
  readonly role: string;
  readonly instance: string;
  readonly at: number;
  readonly startedAt: number;
}

/** Writes this role instance's heartbeat every `intervalMs` (wall time) with a TTL of three intervals. */
export function startHeartbeat(deps: { bus: Bus; role: string; instance: string; intervalMs: number }): {
  stop(): Promise<void>;
} {
  const startedAt = Date.now();
  const key = KEYS.heartbeat(deps.role, deps.instance);
  const beat = () => {
    const hb: Heartbeat = { role: deps.role, instance: deps.instance, at: Date.now(), startedAt };
    return deps.bus.set(key, JSON.stringify(hb), deps.intervalMs * 3).catch(() => undefined);
  };
  void beat();
  const timer = setInterval(beat, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await deps.bus.del(key).catch(() => undefined);
    },
  };
}

/** Every live heartbeat (expired ones have gone with their TTL). */
export async function readHeartbeats(bus: Bus): Promise<Heartbeat[]> {
  const keys = await bus.keys(KEYS.heartbeatPattern);
  const values = await Promise.all(keys.map((k) => bus.get(k)));
  return values.filter((v): v is string => v !== undefined).map((v) => JSON.parse(v) as Heartbeat);
}
