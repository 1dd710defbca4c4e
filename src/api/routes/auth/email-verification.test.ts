import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestSmtp } from '#src/platform/mail/test-smtp-server';
import { type RunningPlatform, startPlatform } from '#src/roles';

describe('sign-up and email verification over a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let running: RunningPlatform;
  before(async () => {
    smtp = await startTestSmtp();
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', SIM_MARKET: 'false', LOG_LEVEL: 'silent', SMTP_URL: smtp.url },
      roles: ['api'],
    });
  });
  after(async () => {
    await running.stop();
    await smtp.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('receives the link by mail, follows it, and logs in; the link works once', async () => {
    const signup = await post('/api/v1/auth/signup', {
      email: 'neha@example.com',
      password: 'long-password-1',
      displayName: 'Neha',
    });
    assert.equal(signup.status, 202);
    const before = await post('/api/v1/auth/login', { email: 'neha@example.com', password: 'long-password-1' });
    assert.equal(before.status, 403);
    assert.equal(((await before.json()) as { code: string }).code, 'EMAIL_NOT_VERIFIED');

    assert.equal(smtp.messages.length, 1);
    const raw = (smtp.messages[0] ?? '').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    assert.match(raw, /To: neha@example\.com/);
    const link = raw.match(/https?:\/\/\S+verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
    assert.ok(link, 'the mail carries a verification link');
    const follow = await fetch(link);
    assert.equal(follow.status, 200);
    assert.equal(((await follow.json()) as { status: string }).status, 'verified');
    assert.equal((await fetch(link)).status, 400, 'a used link is refused');

    const login = await post('/api/v1/auth/login', { email: 'neha@example.com', password: 'long-password-1' });
    assert.equal(login.status, 200);
    const cookies = login.headers.getSetCookie();
    assert.ok(cookies.some((c) => /^mynrobo_session=.+HttpOnly/i.test(c) && /SameSite=Lax/i.test(c)));
    const me = await fetch(`${running.url}/api/v1/auth/me`, {
      headers: { cookie: cookies.map((c) => c.split(';')[0]).join('; ') },
    });
    assert.equal(((await me.json()) as { user: { email: string } }).user.email, 'neha@example.com');
  });

  test('a second sign-up with the same email answers the same and sends nothing', async () => {
    const n = smtp.messages.length;
    const again = await post('/api/v1/auth/signup', {
      email: 'NEHA@example.com',
      password: 'another-pass-2',
      displayName: 'X',
    });
    assert.equal(again.status, 202);
    assert.equal(smtp.messages.length, n);
  });
});
