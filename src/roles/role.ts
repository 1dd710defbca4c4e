import type { Platform } from '#src/platform/create-platform';

/** Something a role started and must stop on shutdown. */
export interface Stoppable {
  stop(): Promise<void>;
  /** Where the role can be reached, for roles that listen (the API). */
  readonly url?: string;
}

/** A process role: wiring only — it builds modules over one Platform and connects them. */
export interface Role {
  readonly name: RoleName;
  start(platform: Platform): Promise<Stoppable>;
}

export const ROLE_NAMES = ['api', 'feed', 'strategy', 'executor', 'scheduler'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Stops things in the order given, each once, even when an earlier one fails. */
export function stopInOrder(...items: Stoppable[]): Stoppable {
  return {
    async stop() {
      const errors: unknown[] = [];
      for (const item of items) await item.stop().catch((err: unknown) => errors.push(err));
      if (errors.length > 0) throw new AggregateError(errors, 'some parts failed to stop');
    },
  };
}
