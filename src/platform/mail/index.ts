/** Mail port: SMTP (nodemailer) in production, an in-memory outbox in the embedded demo. */
export type { Mailer, MailMessage, SentMail } from './mailer';
export { createOutboxMailer } from './outbox-mailer';
export { createSmtpMailer } from './smtp-mailer';
