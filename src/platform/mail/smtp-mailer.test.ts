import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createOutboxMailer } from './outbox-mailer';
import { createSmtpMailer } from './smtp-mailer';
import { startTestSmtp } from './test-smtp-server';

describe('mailers', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  test('the SMTP mailer delivers to a real SMTP server', async () => {
    const smtp = await startTestSmtp();
    servers.push(smtp);
    const mailer = createSmtpMailer({ url: smtp.url, from: 'MYN Robo <no-reply@mynrobo.local>' });
    await mailer.send({ to: 'asha@example.com', subject: 'Hello', text: 'link: http://x/verify?token=abc' });
    await mailer.close();
    assert.equal(smtp.messages.length, 1);
    assert.match(smtp.messages[0] ?? '', /Subject: Hello/);
    assert.match(smtp.messages[0] ?? '', /token=abc/);
  });

  test('the SMTP mailer rejects when no server listens', async () => {
    const mailer = createSmtpMailer({ url: 'smtp://127.0.0.1:1?ignoreTLS=true', from: 'x@y.z' });
    await assert.rejects(mailer.send({ to: 'a@b.c', subject: 's', text: 't' }));
  });

  test('the outbox keeps the newest messages first, bounded', async () => {
    const outbox = createOutboxMailer({ from: 'x@y.z', now: () => 5, capacity: 2 });
    for (const s of ['a', 'b', 'c']) await outbox.send({ to: 't@y.z', subject: s, text: s });
    assert.deepEqual(
      outbox.outbox?.list().map((m) => m.subject),
      ['c', 'b'],
    );
  });
});
