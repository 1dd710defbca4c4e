import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BrokerError, type OrderRequest } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import type { Paise } from '#src/domain/money/paise';
import { formatModifyOrder, formatPlaceOrder } from './format';
import { createFyersSymbolResolver, parseMasterCsv } from './instruments';
import {
  parseFill,
  parseFunds,
  parseFyersTime,
  parseOmsStatus,
  parseOrder,
  parseOrderPush,
  parseOrderStatus,
  parsePosition,
  parseTag,
} from './parse';
import {
  fyersFundsReply,
  fyersOrderBookReply,
  fyersPositionsReply,
  fyersRawOrderPush,
  fyersTradeBookReply,
} from './wire';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const rows = parseMasterCsv(readFileSync(new URL('./fixtures/symbol-master-NSE_FO.csv', import.meta.url), 'utf8'));
const symbols = createFyersSymbolResolver([
  ...rows,
  {
    instrumentId: 'MCX:SILVERMIC:2020-08-31:FUT' as InstrumentId,
    brokerSymbol: 'MCX:SILVERMIC20AUGFUT',
    token: '1120200831217406',
    lotSize: 1,
    tickSizePaise: 100,
    expiry: '2020-08-31',
  },
]);
const OPTION = 'NFO:NIFTY:2026-07-21:CE:29450' as InstrumentId;

describe('Fyers order status (reference §1.4)', () => {
  const cases: [number, number, number, number, string][] = [
    [1, 1, 0, 65, 'CANCELLED'],
    [1, 1, 30, 65, 'CANCELLED'],
    [2, 2, 65, 65, 'FILLED'],
    [3, 1, 0, 65, 'PENDING'],
    [4, 2, 0, 65, 'PENDING'],
    [5, 1, 0, 65, 'REJECTED'],
    [6, 1, 0, 65, 'OPEN'],
    [6, 1, 30, 65, 'PARTIALLY_FILLED'],
    [6, 3, 0, 65, 'TRIGGER_PENDING'],
    [6, 4, 0, 65, 'TRIGGER_PENDING'],
    [6, 4, 10, 65, 'PARTIALLY_FILLED'],
    [7, 1, 0, 65, 'EXPIRED'],
  ];
  for (const [status, type, filledQty, qty, want] of cases) {
    test(`maps status ${status} (type ${type}, ${filledQty}/${qty} filled) to ${want}`, () => {
      assert.equal(parseOrderStatus({ status, type, filledQty, qty }), want);
    });
  }
  test('throws on a status Fyers does not define', () => {
    assert.throws(() => parseOrderStatus({ status: 9, type: 1, filledQty: 0, qty: 1 }), RangeError);
  });
  test('maps the order socket internal statuses to 1–7', () => {
    assert.deepEqual([20, 22, 90, 91, 92, 73, 11].map(parseOmsStatus), [4, 6, 2, 1, 5, 1, 4]);
    assert.throws(() => parseOmsStatus(99), RangeError);
  });
});

describe('Fyers wire → domain on the documented payloads', () => {
  test('reads a partly filled order-book row with its tag, prices and IST time', () => {
    const book = fyersOrderBookReply.parse(fixture('http-get-orders.json')).orderBook;
    const o = parseOrder(book[0]!, symbols);
    assert.equal(o?.status, 'PARTIALLY_FILLED');
    assert.equal(o?.instrumentId, OPTION);
    assert.equal(o?.clientOrderId, 'w12acct7leg1');
    assert.equal(o?.filledQtyUnits, 65);
    assert.equal(o?.avgPricePaise, 10145);
    assert.equal(o?.limitPricePaise, 10150);
    assert.equal(o?.triggerPricePaise, undefined);
    assert.equal(o?.placedAt, Date.UTC(2023, 2, 9, 4, 4, 38));
  });
  test('reads a rejected stop-limit sell with its reason and no tag', () => {
    const o = parseOrder(fyersOrderBookReply.parse(fixture('http-get-orders.json')).orderBook[1]!, symbols);
    assert.deepEqual([o?.status, o?.side, o?.orderType, o?.product], ['REJECTED', 'SELL', 'SL', 'MARGIN']);
    assert.equal(o?.rejectReason, 'StopLoss not a multiple of tick size 0.0500');
    assert.equal(o?.clientOrderId, undefined);
    assert.equal(o?.avgPricePaise, 0);
  });
  test('skips an order in a symbol outside the catalog', () => {
    const row = fyersOrderBookReply.parse(fixture('http-get-orders.json')).orderBook[0]!;
    assert.equal(parseOrder({ ...row, symbol: 'NSE:UNKNOWN-EQ', fyToken: '1' }, symbols), undefined);
  });
  test('reads trades, positions and funds', () => {
    const fill = parseFill(fyersTradeBookReply.parse(fixture('http-get-tradebook.json')).tradeBook[0]!, symbols);
    assert.deepEqual([fill?.fillId, fill?.qtyUnits, fill?.pricePaise, fill?.side], ['52605023', 65, 10145, 'BUY']);
    const pos = parsePosition(fyersPositionsReply.parse(fixture('http-get-positions.json')).netPositions[0]!, symbols);
    assert.deepEqual(
      [pos?.netQtyUnits, pos?.product, pos?.sellAvgPaise, pos?.realizedPaise],
      [-1, 'MARGIN', 6334500, 14500],
    );
    const funds = parseFunds(fyersFundsReply.parse(fixture('http-get-funds.json')));
    assert.deepEqual([funds.availablePaise, funds.utilisedPaise], [24340575, 659425]);
  });
  test('reads a raw order-socket push as the order-book row it describes', () => {
    const push = fyersRawOrderPush.parse((fixture('ws-order-update.json') as { orders: unknown }).orders);
    const o = parseOrder(parseOrderPush(push), symbols);
    assert.deepEqual([o?.status, o?.filledQtyUnits, o?.clientOrderId], ['FILLED', 130, 'w12acct7leg1']);
  });
  test('strips the "<n>:" prefix Fyers stores tags with, and reads IST times', () => {
    assert.equal(parseTag('1:abc'), 'abc');
    assert.equal(parseTag('abc'), 'abc');
    assert.equal(parseTag(''), undefined);
    assert.equal(parseFyersTime('31-Dec-2026 23:59:59'), Date.UTC(2026, 11, 31, 18, 29, 59));
    assert.equal(parseFyersTime('garbage'), 0);
  });
});

describe('domain → Fyers wire', () => {
  const base: OrderRequest = {
    clientOrderId: 'w12acct7leg1',
    instrumentId: OPTION,
    side: 'BUY',
    qtyUnits: 65,
    orderType: 'MARKET',
    product: 'INTRADAY',
  };
  test('formats each order type with the numeric enums and only the prices it takes', () => {
    const p = (over: Partial<OrderRequest>) => formatPlaceOrder({ ...base, ...over }, symbols);
    const m = p({});
    assert.deepEqual([m.type, m.side, m.limitPrice, m.stopPrice, m.symbol], [2, 1, 0, 0, 'NSE:NIFTY2672129450CE']);
    assert.equal(m.orderTag, 'w12acct7leg1');
    const l = p({ orderType: 'LIMIT', limitPricePaise: 10150 as Paise, side: 'SELL', product: 'MARGIN' });
    assert.deepEqual([l.type, l.side, l.limitPrice, l.stopPrice, l.productType], [1, -1, 101.5, 0, 'MARGIN']);
    const sl = p({ orderType: 'SL', limitPricePaise: 9000 as Paise, triggerPricePaise: 9010 as Paise });
    assert.deepEqual([sl.type, sl.limitPrice, sl.stopPrice], [4, 90, 90.1]);
    const slm = p({ orderType: 'SL-M', triggerPricePaise: 9010 as Paise, product: 'DELIVERY' });
    assert.deepEqual([slm.type, slm.limitPrice, slm.stopPrice, slm.productType], [3, 0, 90.1, 'CNC']);
  });
  test('refuses, before sending, what Fyers would refuse', () => {
    const bad: Partial<OrderRequest>[] = [
      { clientOrderId: 'has-dash' },
      { clientOrderId: 'x'.repeat(31) },
      { qtyUnits: 0 },
      { orderType: 'LIMIT' },
      { orderType: 'SL-M' },
      { instrumentId: 'NSE:NOPE' as InstrumentId },
    ];
    for (const over of bad) {
      assert.throws(
        () => formatPlaceOrder({ ...base, ...over }, symbols),
        (e: unknown) => e instanceof BrokerError && e.code === 'INVALID_ORDER',
        JSON.stringify(over),
      );
    }
  });
  test('sends only the fields a modification changes', () => {
    assert.deepEqual(formatModifyOrder({ brokerOrderId: '1', orderType: 'LIMIT', limitPricePaise: 10100 as Paise }), {
      id: '1',
      type: 1,
      limitPrice: 101,
    });
  });
});
