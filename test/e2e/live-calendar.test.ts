import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type RunningPlatform, startPlatform } from '#src/roles';

let running: RunningPlatform;
before(async () => {
  running = await startPlatform({
    env: { DATA_DIR: ':memory:', PORT: '0', SIM_MARKET: 'false', LOG_LEVEL: 'warn' },
    roles: ['api'],
  });
});
after(async () => running?.stop());

test("an admin's holiday edit reaches every module's calendar through the store and the bus", async () => {
  const url = running.url!;
  const { calendar } = running.platform.market;
  assert.equal(calendar.isTradingDay('NFO', '2026-12-10'), true);
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'admin@mynrobo.local', password: 'admin-demo-1' }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /mynrobo_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  const added = await fetch(`${url}/api/v1/market/holidays`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ exchange: 'NSE', date: '2026-12-10', name: 'Unscheduled closure' }),
  });
  assert.equal(added.status, 201, await added.text());
  const deadline = Date.now() + 2_000;
  while (calendar.isTradingDay('NFO', '2026-12-10') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(calendar.isTradingDay('NFO', '2026-12-10'), false, 'NFO is closed on the new holiday');
  assert.equal(calendar.nextTradingDay('NFO', '2026-12-09'), '2026-12-11');
});
