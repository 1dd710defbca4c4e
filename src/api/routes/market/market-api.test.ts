import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { desc } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '#src/api';
import { istInstant } from '#src/domain/calendar';
import type { InstrumentId } from '#src/domain/instrument';
import type { Paise } from '#src/domain/money';
import { createLtpCache } from '#src/market';
import { createVirtualClock } from '#src/platform/clock';
import { tables } from '#src/platform/db';
import { type RunningPlatform, startPlatform } from '#src/roles';
import { type ApiSession, callAs, type Method, signIn } from '#test/support/api-session';

const NOW = istInstant('2026-11-26', '10:00'); // a Thursday: NFO open until 15:40
const NSE_MASTER = new URL('../../../market/holidays/fixtures/nse-holiday-master-trading.json', import.meta.url);

type Body = Record<string, unknown>;

describe('market API against a real in-process platform', () => {
  let running: RunningPlatform;
  let app: FastifyInstance;
  const sessions = new Map<string, ApiSession>();

  const call = (who: 'admin' | 'trader', method: Method, url: string, payload?: object) => {
    const s = sessions.get(who);
    assert.ok(s, `not signed in as ${who}`);
    return callAs<Body>(app, s, method, url, payload);
  };
  const get = (url: string) => call('trader', 'GET', url);

  before(async () => {
    running = await startPlatform({
      env: { DATA_DIR: ':memory:', PORT: '0', SIM_MARKET: 'false', LOG_LEVEL: 'silent' },
      roles: ['api'],
      overrides: { clock: createVirtualClock(NOW) },
    });
    app = await buildApp(running.platform);
    sessions.set('admin', await signIn(app, 'admin@mynrobo.local', 'admin-demo-1'));
    sessions.set('trader', await signIn(app, 'asha@mynrobo.local', 'trader-demo-1'));
  });
  after(async () => {
    await app.close();
    await running.stop();
  });

  test('says NFO is open now and closes at 15:40 IST, by the platform clock', async () => {
    const { status, body } = await get('/market/segments/NFO');
    assert.equal(status, 200);
    assert.equal(body.isOpen, true);
    assert.equal(body.closesAt, istInstant('2026-11-26', '15:40'));
    assert.equal(body.minutesToClose, 340);
    const all = await get('/market/segments');
    const mcx = (all.body.segments as Array<{ segment: string; session: { close: number } }>).find(
      (s) => s.segment === 'MCX',
    );
    assert.equal(mcx?.session.close, istInstant('2026-11-26', '23:55'), 'MCX closes 23:55 after the US DST change');
  });

  test('lists holidays per exchange and range', async () => {
    const { body } = await get('/market/holidays?exchange=NSE&from=2026-11-01&to=2026-11-30');
    assert.deepEqual(
      (body.holidays as Array<{ date: string }>).map((h) => h.date),
      ['2026-11-08', '2026-11-10', '2026-11-24'],
    );
    const muhurat = (body.specialSessions as Array<{ date: string; kind: string }>).map((x) => [x.date, x.kind]);
    assert.deepEqual(muhurat, [['2026-11-08', 'MUHURAT']]);
  });

  test('gives expiries from the synced master, and from the rules where the master lists none', async () => {
    const nifty = await get('/market/expiries?underlying=NIFTY&kind=OPT');
    assert.equal(nifty.body.source, 'master');
    assert.deepEqual((nifty.body.expiries as string[]).slice(0, 2), ['2026-12-01', '2026-12-08']);
    const fin = await get('/market/expiries?underlying=FINNIFTY');
    assert.equal(fin.body.source, 'rules');
    assert.equal((fin.body.expiries as string[])[0], '2026-12-29');
  });

  test('rejects an unknown underlying, a malformed date and a bad instrument id with a 400 that says why', async () => {
    const unknown = await get('/market/expiries?underlying=NOSUCH');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.code, 'UNKNOWN_UNDERLYING');
    assert.match(String(unknown.body.detail), /NOSUCH/);
    assert.match(unknown.type, /application\/problem\+json/);
    const badDate = await get('/market/holidays?from=2026-02-30');
    assert.equal(badDate.status, 400);
    assert.match(String(badDate.body.detail), /from.*not a real calendar date/);
    const badId = await get(`/market/instruments/${encodeURIComponent('NFO:NIFTY:2026-13-01:CE:24000')}`);
    assert.equal(badId.status, 400);
    assert.equal(badId.body.code, 'INVALID_INSTRUMENT_ID');
    const notListed = await get(`/market/instruments/${encodeURIComponent('NFO:NIFTY:2026-12-01:CE:99000')}`);
    assert.equal(notListed.status, 404);
  });

  test('serves the option chain around the index LTP with each leg LTP from the cache', async () => {
    const ltp = createLtpCache(running.platform.bus);
    const atmCe = 'NFO:NIFTY:2026-12-01:CE:24100' as InstrumentId;
    const tick = (id: InstrumentId, p: number) => ({
      id,
      ltp: p as Paise,
      bid: p as Paise,
      ask: p as Paise,
      volume: 0,
      ts: NOW,
    });
    await ltp.publish([tick('NSE_INDEX:NIFTY' as InstrumentId, 2_412_300), tick(atmCe, 15_625)]);
    const { status, body } = await get('/market/option-chain?underlying=NIFTY&expiry=2026-12-01&width=2');
    assert.equal(status, 200, JSON.stringify(body));
    const rows = body.rows as Array<{
      strike: number;
      CE: { instrumentId: string; ltpPaise: number | null; lotSize: number };
    }>;
    assert.deepEqual(
      rows.map((r) => r.strike),
      [24000, 24050, 24100, 24150, 24200],
    );
    assert.equal(body.atmStrike, 24100);
    assert.equal(rows[2]?.CE.ltpPaise, 15_625);
    assert.equal(rows[2]?.CE.lotSize, 65);
    assert.equal(rows[0]?.CE.ltpPaise, null);
    const wrongExpiry = await get('/market/option-chain?underlying=NIFTY&expiry=2026-12-02');
    assert.equal(wrongExpiry.status, 400);
    assert.equal(wrongExpiry.body.code, 'NO_OPTIONS_ON_EXPIRY');
    const noSpot = await get('/market/option-chain?underlying=SENSEX');
    assert.equal(noSpot.status, 409);
    const withSpot = await get('/market/option-chain?underlying=SENSEX&spotPaise=8000000&width=1');
    assert.equal((withSpot.body.rows as unknown[]).length, 3);
  });

  test('searches instruments and reports the master sync per segment', async () => {
    const found = await get('/market/instruments?q=NIFTY:2026-12-01:CE:2400&limit=5');
    assert.deepEqual(
      (found.body.instruments as Array<{ instrumentId: string }>).map((i) => i.instrumentId),
      ['NFO:NIFTY:2026-12-01:CE:24000'],
    );
    const { body } = await get('/market/master-sync');
    const sim = (
      body.status as Array<{ source: string; segment: string; rows: number; lastError: string | null }>
    ).filter((s) => s.source === 'sim-exchange');
    assert.deepEqual(sim.map((s) => s.segment).sort(), ['BFO', 'BSE_INDEX', 'MCX', 'NFO', 'NSE_INDEX']);
    assert.ok(sim.every((s) => s.rows > 0 && s.lastError === null));
  });

  test('lets an admin close today by adding a holiday (audited), and a trader may not', async () => {
    const today = { exchange: 'NSE', date: '2026-11-26', name: 'Unscheduled closure', closed: 'FULL' };
    assert.equal((await call('trader', 'POST', '/market/holidays', today)).status, 403);
    const added = await call('admin', 'POST', '/market/holidays', today);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal((await get('/market/segments/NFO')).body.isOpen, false);
    assert.equal((await call('admin', 'POST', '/market/holidays', today)).status, 409);
    const edited = await call('admin', 'PATCH', '/market/holidays/NSE/2026-11-26', { name: 'Closure' });
    assert.equal((edited.body.holiday as { name: string }).name, 'Closure');
    assert.equal((await call('admin', 'PATCH', '/market/holidays/NSE/2026-11-31', { name: 'x' })).status, 400);
    assert.equal((await call('admin', 'DELETE', '/market/holidays/NSE/2026-11-26')).status, 200);
    assert.equal((await get('/market/segments/NFO')).body.isOpen, true);
    const audit = await running.platform.store.db
      .select()
      .from(tables.auditLog)
      .orderBy(desc(tables.auditLog.id))
      .limit(3);
    assert.deepEqual(audit.map((a) => a.action).reverse(), [
      'market.holiday.add',
      'market.holiday.update',
      'market.holiday.remove',
    ]);
  });

  test('imports the NSE holiday master as proposals that change nothing until an admin confirms', async () => {
    const raw = JSON.parse(readFileSync(NSE_MASTER, 'utf8')) as { FO: Array<{ tradingDate: string }> };
    raw.FO = raw.FO.filter((r) => r.tradingDate !== '25-Dec-2026');
    const sync = await call('admin', 'POST', '/market/holiday-sync/nse', raw);
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    const [proposal] = sync.body.proposals as Array<{ id: string; action: string; holiday: { date: string } }>;
    assert.deepEqual([proposal?.action, proposal?.holiday.date], ['REMOVE', '2026-12-25']);
    const christmas = () => get('/market/holidays?exchange=NSE&from=2026-12-25&to=2026-12-25');
    assert.equal(((await christmas()).body.holidays as unknown[]).length, 1);
    assert.equal((await call('trader', 'POST', `/market/holiday-proposals/${proposal?.id}/confirm`)).status, 403);
    const confirmed = await call('admin', 'POST', `/market/holiday-proposals/${proposal?.id}/confirm`);
    assert.equal(confirmed.status, 200);
    assert.equal(((await christmas()).body.holidays as unknown[]).length, 0);
    assert.equal((await call('admin', 'POST', `/market/holiday-proposals/${proposal?.id}/reject`)).status, 409);
    const broken = await call('admin', 'POST', '/market/holiday-sync/nse', { CM: [] });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.code, 'INVALID_HOLIDAY_MASTER');
  });

  test('documents every market route in OpenAPI', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    const paths = Object.keys((res.json() as { paths: Record<string, unknown> }).paths);
    for (const p of ['/api/v1/market/segments', '/api/v1/market/option-chain', '/api/v1/market/master-sync']) {
      assert.ok(paths.includes(p), `${p} is documented`);
    }
  });
});
