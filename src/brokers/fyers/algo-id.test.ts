import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrderRequest, SymbolResolver } from '#src/brokers/contract';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { fyersCapabilities } from './capabilities';
import { formatPlaceOrder } from './format';

test('Fyers has no algo-id field (API v3 place-order body): the id is recorded by the platform, never invented on the wire', () => {
  assert.equal(fyersCapabilities.algoId, 'none');
  const symbols: SymbolResolver = {
    toBroker: () => ({ symbol: 'NSE:NIFTY26D0126000CE' }),
    fromBroker: () => undefined,
  };
  const req: OrderRequest = {
    clientOrderId: 'E1ABC',
    instrumentId: 'NFO:NIFTY:2026-12-01:CE:26000' as InstrumentId,
    side: 'BUY',
    qtyUnits: 65,
    orderType: 'MARKET',
    product: 'INTRADAY',
    algoId: 'NSE-ALGO-7',
  };
  const body = formatPlaceOrder(req, symbols);
  assert.equal(JSON.stringify(body).includes('NSE-ALGO-7'), false);
  const { algoId: _sent, ...without } = req;
  assert.deepEqual(formatPlaceOrder(without, symbols), body);
});
