/** The shared adapter contract, run for Fyers against the protocol simulator (sim/brokers/fyers). */
import { createFyersSim, FYERS_REJECTIONS, type SimQuote } from '#sim/brokers/fyers/index';
import type { AdapterHarness, InjectableRefusal } from '#src/brokers/contract/adapter.contract';
import { describeAdapterContract } from '#src/brokers/contract/adapter.contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { createRealClock } from '#src/platform/clock/index';
import { createFyersDefinition, createFyersSymbolResolver, parseFyersConfig } from './index';

const INSTRUMENT = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;

const REFUSALS: Record<InjectableRefusal, { code: number; message: string; httpStatus?: number }> = {
  REJECTED: FYERS_REJECTIONS.rejected,
  INVALID_ORDER: FYERS_REJECTIONS.tickSize,
  INSUFFICIENT_FUNDS: FYERS_REJECTIONS.insufficientFunds,
  RATE_LIMITED: FYERS_REJECTIONS.rateLimited,
};

/** Starts a simulator, logs in through the OAuth redirect and builds the adapter from the symbol master. */
export async function makeFyersHarness(): Promise<AdapterHarness> {
  let quote: SimQuote | undefined;
  const sim = await createFyersSim({ prices: (k) => (k === INSTRUMENT ? quote : undefined), seed: 7 });
  const config = parseFyersConfig({ ...sim.hosts, requestTimeoutMs: 600, orderPollMs: 300 });
  const fyers = createFyersDefinition(config);
  const credentials = { appId: sim.app.appId, appSecret: sim.app.appSecret, redirectUri: sim.app.redirectUri };
  const redirect = await fetch(fyers.auth.authorizeUrl({ credentials, state: 'contract' }), { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('auth_code') ?? '';
  const session = await fyers.auth.exchangeCode({ credentials, code, now: Date.now() });
  const symbols = createFyersSymbolResolver((await fyers.fetchInstruments?.()) ?? []);
  const adapter = fyers.createAdapter({ session, credentials, symbols, clock: createRealClock() });
  return {
    adapter,
    instrument: INSTRUMENT,
    lotSize: 65,
    tickPaise: 5,
    setPrice: (q) => {
      quote = q;
    },
    faults: {
      timeoutNextWrite: () => sim.faults.set({ failNextWrite: 'timeout', hangMs: 3_000 }),
      noAckNextWrite: () => sim.faults.set({ failNextWrite: 'noAck' }),
      unavailableNextWrite: () => sim.faults.set({ failNextWrite: 'http5xx' }),
      rejectNextWrite: (code) => sim.faults.set({ rejectNext: REFUSALS[code] }),
      partialFills: ({ unitsPerFill, gapMs }) => sim.faults.set({ fillChunkUnits: unitsPerFill, fillDelayMs: gapMs }),
      expireSession: () => sim.faults.set({ tokenExpiresAt: Date.now() }),
      orderCount: () => sim.orderCount(),
    },
    cleanup: async () => {
      await adapter.close();
      await sim.close();
    },
  };
}

describeAdapterContract('fyers (simulator)', makeFyersHarness);
