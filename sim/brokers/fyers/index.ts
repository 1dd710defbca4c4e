/**
 * A protocol-faithful Fyers API v3 simulator (reference/brokers.md §1): REST, OAuth, the order socket, the binary
 * HSM feed and the symbol master on one local port, with deterministic fault injection. Tests, demo and bench only.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine } from './engine';
import { createFaults, type FaultControls } from './faults';
import { createHsmServer } from './hsm-server';
import { DEFAULT_SIM_INSTRUMENTS } from './instruments';
import { createSimAuth, type SimApp } from './oauth';
import { createOrderSocket } from './order-socket';
import { handleRest } from './rest';
import type { PriceSource, SimInstrument } from './types';

export { DEFAULT_SIM_INSTRUMENTS, masterRow, simEquity, simFuture, simIndex, simOption } from './instruments';
export { FYERS_REJECTIONS, type FyersSimFaults, type PriceSource, type SimInstrument, type SimQuote } from './types';

export interface FyersSimOptions {
  readonly prices: PriceSource;
  readonly instruments?: readonly SimInstrument[];
  /** Registered apps; one default app when omitted. */
  readonly apps?: readonly SimApp[];
  readonly seed?: number;
  readonly now?: () => number;
  /** Access-token lifetime (the JWT `exp`). */
  readonly tokenTtlMs?: number;
  /** generate-authcode redirects at once (tests) instead of showing the login page. */
  readonly autoLogin?: boolean;
  readonly startFundsPaise?: number;
  /** How often open orders are matched and the feed publishes. */
  readonly matchIntervalMs?: number;
  readonly feedIntervalMs?: number;
  /** HSM ack interval announced at auth (0: none, and data frames carry no message number). */
  readonly hsmAckEvery?: number;
}

/** A running simulator. Point the adapter's hosts at `hosts`. */
export interface FyersSim {
  readonly url: string;
  /** Host settings for src/brokers/fyers config. */
  readonly hosts: { apiBaseUrl: string; orderSocketUrl: string; dataSocketUrl: string; symbolMasterBaseUrl: string };
  readonly app: SimApp;
  readonly faults: FaultControls;
  /** Issues an access token without the browser step. */
  issueToken(appId?: string): string;
  /** Orders the simulator holds for an app (to prove an UNKNOWN outcome did not become two orders). */
  orderCount(appId?: string): number;
  /** REST calls received, by path. */
  calls(path?: string): number;
  /** Runs one matching pass now. */
  match(): void;
  dropOrderSockets(): void;
  dropFeedSockets(): void;
  connections(): { orders: number; feed: number };
  /** The highest data-frame number each feed connection has acknowledged. */
  feedAcks(): number[];
  /** The hsm_key (an access token's claim) of every accepted feed login, in order. */
  feedLogins(): string[];
  close(): Promise<void>;
}

export const DEFAULT_SIM_APP: SimApp = {
  appId: 'SIMAPP0001-100',
  appSecret: 'sim-secret-0001',
  redirectUri: 'http://127.0.0.1/fyers/callback',
  fyId: 'XS0001',
};

/** Starts the simulator on 127.0.0.1, port 0. */
export async function createFyersSim(opts: FyersSimOptions): Promise<FyersSim> {
  const now = opts.now ?? Date.now;
  const apps = opts.apps ?? [DEFAULT_SIM_APP];
  const faults = createFaults(opts.seed ?? 1);
  const auth = createSimAuth({
    apps,
    now,
    tokenTtlMs: opts.tokenTtlMs ?? 20 * 3600_000,
    expireAllAt: () => faults.controls.get().tokenExpiresAt,
  });
  const hanging = new Set<ServerResponse>();
  const callCounts = new Map<string, number>();
  let orderSocket: ReturnType<typeof createOrderSocket> | undefined;
  const engine = createEngine({
    instruments: opts.instruments ?? DEFAULT_SIM_INSTRUMENTS,
    prices: opts.prices,
    now,
    faults: faults.controls.get,
    onOrder: (o) => orderSocket?.onOrder(o),
    onTrade: (t) => orderSocket?.onTrade(t),
  });
  orderSocket = createOrderSocket(auth, () => faults.controls.get().refuseOrderSocket);
  const hsm = createHsmServer({
    auth,
    instruments: engine.instruments,
    quote: engine.quote,
    now,
    ackEvery: opts.hsmAckEvery ?? 10,
  });
  const ctx = {
    auth,
    engine,
    faults,
    now,
    startFundsPaise: opts.startFundsPaise ?? 50_00_000_00,
    autoLogin: () => opts.autoLogin ?? true,
    onCall: (path: string) => callCounts.set(path, (callCounts.get(path) ?? 0) + 1),
    hang: (res: ServerResponse) => {
      hanging.add(res);
      setTimeout(() => res.socket?.destroy(), faults.controls.get().hangMs).unref();
    },
  };
  const server = createServer((req, res) => {
    handleRest(ctx, req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    if (path === '/trade/v3') return orderSocket?.upgrade(req, socket, head);
    if (path === '/hsm/v1-5/prod') return hsm.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const matcher = setInterval(engine.matchAll, opts.matchIntervalMs ?? 20);
  const feed = setInterval(() => faults.controls.get().stallFeed || hsm.publish(), opts.feedIntervalMs ?? 100);
  const url = `http://127.0.0.1:${port}`;
  const app = apps[0] ?? DEFAULT_SIM_APP;

  return {
    url,
    hosts: {
      apiBaseUrl: url,
      orderSocketUrl: `ws://127.0.0.1:${port}/trade/v3`,
      dataSocketUrl: `ws://127.0.0.1:${port}/hsm/v1-5/prod`,
      symbolMasterBaseUrl: `${url}/sym_details`,
    },
    app,
    faults: faults.controls,
    issueToken: (appId = app.appId) => auth.issueToken(appId),
    orderCount: (appId = app.appId) => engine.orders(appId).length,
    calls: (path) => (path ? (callCounts.get(path) ?? 0) : [...callCounts.values()].reduce((a, b) => a + b, 0)),
    match: engine.matchAll,
    dropOrderSockets: () => orderSocket?.dropAll(),
    dropFeedSockets: hsm.dropAll,
    connections: () => ({ orders: orderSocket?.connections() ?? 0, feed: hsm.connections() }),
    feedAcks: hsm.acks,
    feedLogins: hsm.logins,
    async close() {
      clearInterval(matcher);
      clearInterval(feed);
      for (const res of hanging) res.socket?.destroy();
      orderSocket?.close();
      hsm.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
