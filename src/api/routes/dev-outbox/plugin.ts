import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SentMail } from '#src/platform/mail';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(mails: readonly SentMail[]): string {
  const items = mails
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p>To ${escapeHtml(m.to)} · ${new Date(m.at).toISOString()}</p><pre>${escapeHtml(m.text).replace(/(https?:\/\/\S+)/g, '<a href="$1">$1</a>')}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Dev outbox</title><h1>Dev outbox (embedded demo only)</h1>${items || '<p>No mail sent yet.</p>'}`;
}

/** GET /dev/outbox: the mail the embedded demo "sent". Registered only when embedded with no SMTP relay. */
export const devOutboxRoutes: FastifyPluginAsyncZod<{ list: () => readonly SentMail[] }> = async (app, opts) => {
  app.get('/dev/outbox', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(page(opts.list())),
  );
};
