/** Shared pieces of the adapter contract suite: the harness a broker provides, and the suite's helpers. */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';
import type { BrokerAdapter } from './broker-adapter';
import { BrokerError, type BrokerErrorCode } from './errors';
import type { BrokerOrder, BrokerOrderStatus, OrderRequest } from './types';

/** A quote of the harness instrument, in paise. */
export interface HarnessQuote {
  readonly ltpPaise: number;
  readonly bidPaise: number;
  readonly askPaise: number;
}

/** Refusals a harness can make the broker answer, by the code the adapter must map them to. */
export type InjectableRefusal = 'REJECTED' | 'INVALID_ORDER' | 'INSUFFICIENT_FUNDS' | 'RATE_LIMITED';

/** Fault controls, each optional: a harness offers what its broker (or simulator) can do. */
export interface HarnessFaults {
  /** The next write is carried out at the broker, but its reply never arrives. */
  timeoutNextWrite?(): void;
  /** The next write is carried out and answered without an acknowledgement. */
  noAckNextWrite?(): void;
  /** The next write fails with a server error (5xx) before anything is done. */
  unavailableNextWrite?(): void;
  /** The next write is refused with a broker error that maps to `code`. */
  rejectNextWrite?(code: InjectableRefusal): void;
  /** Fills arrive in pieces of `unitsPerFill`, at least `gapMs` apart. */
  partialFills?(p: { unitsPerFill: number; gapMs: number }): void;
  /** The broker session stops working from now on. */
  expireSession?(): void;
  /** How many orders the broker holds for this account. */
  orderCount?(): number;
}

/** What a contract run needs from an implementation. */
export interface AdapterHarness {
  readonly adapter: BrokerAdapter;
  /** A liquid instrument the broker lists, with its lot size and tick (paise). */
  readonly instrument: InstrumentId;
  readonly lotSize: number;
  readonly tickPaise: number;
  /** Moves the instrument's market; absent where prices cannot be steered. */
  setPrice?(q: HarnessQuote): void;
  readonly faults?: HarnessFaults;
  cleanup(): Promise<void>;
}

/** The market every contract test starts from, in paise. */
export const BASE: HarnessQuote = { ltpPaise: 10_000, bidPaise: 9_995, askPaise: 10_005 };

let seq = 0;
/** A fresh client order id: alphanumeric and at most 20 characters, within every broker's tag rules. */
export const nextId = () => `ct${Date.now().toString(36)}${(seq++).toString(36)}`.slice(0, 20);

/** Polls `probe` until it yields a value, failing after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the order reaches one of `statuses`; returns it. */
export async function statusOf(h: AdapterHarness, id: string, statuses: BrokerOrderStatus[]): Promise<BrokerOrder> {
  return eventually(`order ${id} to be ${statuses.join('/')}`, async () => {
    const o = await h.adapter.fetchOrder(id);
    return o && statuses.includes(o.status) ? o : undefined;
  });
}

/** Asserts the call fails with a BrokerError of exactly this code; returns the error. */
export async function expectBrokerError(p: Promise<unknown>, code: BrokerErrorCode): Promise<BrokerError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BrokerError, `expected a BrokerError, got ${String(e)}`);
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

/** Wraps a test body with a fresh harness (market at BASE) and its cleanup. */
export type WithHarness = (
  fn: (h: AdapterHarness, t: TestContext) => Promise<void>,
) => (t: TestContext) => Promise<void>;
/** Builds an order for the harness instrument: one lot, MARKET, INTRADAY unless overridden. */
export type MakeOrder = (h: AdapterHarness, over?: Partial<OrderRequest>) => OrderRequest;
/** A price this many ticks below the BASE bid. */
export type Below = (h: AdapterHarness, ticks: number) => Paise;
