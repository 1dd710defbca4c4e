import {
  createFyersSim,
  type PriceSource,
  type SimInstrument,
  type SimQuote,
  simFuture,
  simIndex,
  simOption,
} from '#sim/brokers/fyers';
import { istDate } from '#src/domain/calendar';
import { type InstrumentId, parseInstrumentId } from '#src/domain/instrument';
import { createLtpCache, type MarketReference, simMasterRows } from '#src/market';
import type { Bus } from './bus';
import type { Clock } from './clock';
import type { Config } from './config';

/** The embedded Fyers simulator's one app; demo values, meaningless anywhere else. */
const FYERS_DEMO_APP = { appId: 'MYNDEMO001-100', appSecret: 'myn-demo-fyers-secret', fyId: 'XD0001' } as const;
const FYERS_INDEX_NAMES: Readonly<Record<string, { name: string; hsmName: string }>> = {
  NIFTY: { name: 'NIFTY50', hsmName: 'Nifty 50' },
  BANKNIFTY: { name: 'NIFTYBANK', hsmName: 'Nifty Bank' },
  SENSEX: { name: 'SENSEX', hsmName: 'SENSEX' },
};

/**
 * Starts the Fyers simulator for the embedded demo: it lists the simulated exchange's contracts (the catalog's
 * sim master) and fills at the exchange's prices, read from the LTP cache the feed writes. The demo app's
 * redirect is this platform's OAuth callback.
 */
export async function startFyersSim(deps: { config: Config; clock: Clock; bus: Bus; market: MarketReference }) {
  const { config, clock } = deps;
  const publicUrl = config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`;
  const credentials = { ...FYERS_DEMO_APP, redirectUri: `${publicUrl}/api/v1/broker-accounts/oauth/callback` };
  const instruments = fyersSimInstruments(deps.market, istDate(clock.now()));
  const book = ltpPriceBook(deps.bus, new Set(instruments.map((i) => i.instrumentId)));
  const sim = await createFyersSim({ prices: book.prices, instruments, apps: [credentials], now: () => clock.now() });
  const { fyId: _fyId, ...appCredentials } = credentials;
  return {
    sim,
    credentials: appCredentials,
    async stop() {
      book.stop();
      await sim.close();
    },
  };
}

/** The sim master's contracts in the Fyers simulator's listing shape (exchange tokens numbered in order). */
function fyersSimInstruments(market: MarketReference, date: string): SimInstrument[] {
  const rows = simMasterRows({ calendar: market.calendar, specs: market.specs }, date);
  const ids = rows.map((r) => parseInstrumentId(r.instrumentId));
  // A monthly option is the last expiry of its month: Fyers writes those with the monthly symbol form.
  const lastOfMonth = new Map<string, string>();
  for (const i of ids)
    if (i.kind === 'OPT') {
      const key = `${i.symbol}:${i.expiry.slice(0, 7)}`;
      if ((lastOfMonth.get(key) ?? '') < i.expiry) lastOfMonth.set(key, i.expiry);
    }
  return ids.flatMap((i, n): SimInstrument[] => {
    const exToken = String(40_000 + n);
    const lotSize = rows[n]?.lotSize ?? 1;
    if (i.kind === 'OPT' && (i.segment === 'NFO' || i.segment === 'BFO')) {
      const weekly = lastOfMonth.get(`${i.symbol}:${i.expiry.slice(0, 7)}`) !== i.expiry;
      const exchange = i.segment === 'NFO' ? 'NSE' : 'BSE';
      return [simOption({ ...i, exchange, underlying: i.symbol, exToken, lotSize, weekly })];
    }
    if (i.kind === 'FUT' && (i.segment === 'NFO' || i.segment === 'MCX')) {
      const exchange = i.segment === 'NFO' ? 'NSE' : 'MCX';
      return [simFuture({ exchange, underlying: i.symbol, expiry: i.expiry, exToken, lotSize })];
    }
    const index = FYERS_INDEX_NAMES[i.symbol];
    if (i.kind === 'INDEX' && index && (i.segment === 'NSE_INDEX' || i.segment === 'BSE_INDEX')) {
      const exchange = i.segment === 'NSE_INDEX' ? 'NSE' : 'BSE';
      return [simIndex({ exchange, underlying: i.symbol, exToken, ...index })];
    }
    return [];
  });
}

/**
 * A synchronous price source over the asynchronous LTP cache: it answers from a local copy, refreshed every
 * 200 ms for the instruments the simulator has asked about (a first ask answers nothing until the refresh).
 */
function ltpPriceBook(bus: Bus, listed: ReadonlySet<string>): { prices: PriceSource; stop(): void } {
  const ltp = createLtpCache(bus);
  const book = new Map<string, SimQuote>();
  const wanted = new Set<InstrumentId>();
  let busy = false;
  const refresh = () => {
    if (busy || wanted.size === 0) return;
    busy = true;
    ltp
      .readMany([...wanted])
      .then((ticks) => {
        for (const t of ticks.values())
          book.set(t.id, { ltpPaise: t.ltp, bidPaise: t.bid, askPaise: t.ask, volume: t.volume });
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(refresh, 200);
  timer.unref();
  return {
    prices(id) {
      if (listed.has(id) && !wanted.has(id as InstrumentId)) {
        wanted.add(id as InstrumentId);
        refresh();
      }
      return book.get(id);
    },
    stop: () => clearInterval(timer),
  };
}
