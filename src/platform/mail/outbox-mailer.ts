import type { Mailer, SentMail } from './mailer';

/** Keeps sent mail in memory (newest first, bounded) for the embedded demo's dev outbox page. */
export function createOutboxMailer(deps: { from: string; now: () => number; capacity?: number }): Mailer {
  const sent: SentMail[] = [];
  const capacity = deps.capacity ?? 200;
  return {
    async send(m) {
      sent.unshift({ ...m, from: deps.from, at: deps.now() });
      sent.length = Math.min(sent.length, capacity);
    },
    outbox: { list: () => [...sent] },
    async close() {},
  };
}
