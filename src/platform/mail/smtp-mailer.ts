import nodemailer from 'nodemailer';
import type { Mailer } from './mailer';

/**
 * SMTP through nodemailer. `url` is smtp://user:pass@host:port (or smtps://). Plain SMTP without STARTTLS is
 * allowed only when the URL says so with `?ignoreTLS=true` (local relays and tests).
 */
export function createSmtpMailer(deps: { url: string; from: string }): Mailer {
  const u = new URL(deps.url);
  const ignoreTLS = u.searchParams.get('ignoreTLS') === 'true';
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
    secure: u.protocol === 'smtps:',
    ignoreTLS,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  });
  return {
    async send(m) {
      await transport.sendMail({ from: deps.from, to: m.to, subject: m.subject, text: m.text });
    },
    async close() {
      transport.close();
    },
  };
}
