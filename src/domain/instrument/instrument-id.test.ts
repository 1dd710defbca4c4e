import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInstrumentId, instrumentId, parseInstrumentId } from './instrument-id';

test('parses and formats every instrument kind as a round trip', () => {
  for (const id of [
    'NSE_INDEX:NIFTY',
    'NSE:RELIANCE',
    'MCX:CRUDEOIL:2026-12-18:FUT',
    'NFO:NIFTY:2026-12-01:CE:24000',
    'BFO:SENSEX:2026-12-03:PE:80000',
  ]) {
    assert.equal(formatInstrumentId(parseInstrumentId(id)), id);
  }
  assert.deepEqual(parseInstrumentId('NFO:NIFTY:2026-12-01:CE:24000'), {
    kind: 'OPT',
    segment: 'NFO',
    symbol: 'NIFTY',
    expiry: '2026-12-01',
    optionType: 'CE',
    strike: 24000,
  });
});

test('rejects malformed ids with a reason', () => {
  assert.throws(() => instrumentId('XYZ:NIFTY'), /unknown segment/);
  assert.throws(() => instrumentId('NFO:NIFTY:2026-02-30:CE:24000'), /bad expiry date/);
  assert.throws(() => instrumentId('NFO:NIFTY:2026-12-01:CE:-5'), /bad strike/);
  assert.throws(() => instrumentId('NSE_INDEX:NIFTY:2026-12-01:FUT'), /no derivatives/);
  assert.throws(() => instrumentId('NFO:nifty lower'), /bad symbol/);
  assert.throws(() => instrumentId('NFO:NIFTY:2026-12-01:XX'), /expected/);
});
