/** One outgoing message. Plain text is required; links in it are the product (verification, reset). */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** A message as the dev outbox keeps it. */
export interface SentMail extends MailMessage {
  readonly from: string;
  readonly at: number;
}

/**
 * The mail port. Implementations: SMTP (nodemailer; production and the verification test's real SMTP server)
 * and an in-memory outbox (the embedded demo, shown at GET /dev/outbox).
 */
export interface Mailer {
  /** Sends one message; rejects when the transport refuses it. */
  send(message: MailMessage): Promise<void>;
  /** The messages sent, newest first, when this mailer keeps them (the dev outbox only). */
  readonly outbox?: { list(): readonly SentMail[] };
  close(): Promise<void>;
}
