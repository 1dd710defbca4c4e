import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatInstrumentId, hasInstrumentIdShape, instrumentId, parseInstrumentId } from './instrument-id';

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

test('every valid instrument id has the id shape; strings the tick rows cannot carry do not', () => {
  const symbol = fc.stringMatching(/^[A-Z0-9&_-]{1,32}$/);
  const expiry = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const id = fc.oneof(
    symbol.map((s) => `NSE_INDEX:${s}`),
    fc.tuple(symbol, expiry).map(([s, e]) => `MCX:${s}:${e}:FUT`),
    fc
      .tuple(
        fc.constantFrom('NFO', 'BFO'),
        symbol,
        expiry,
        fc.constantFrom('CE', 'PE'),
        fc.integer({ min: 1, max: 10 ** 6 }),
      )
      .map(([g, s, e, k, x]) => `${g}:${s}:${e}:${k}:${x}`),
  );
  fc.assert(fc.property(id, (raw) => hasInstrumentIdShape(instrumentId(raw))));
  for (const bad of ['NIFTY', 'nse:X', ':X', 'NFO:X"Y', 'NFO:X\\Y', 'NFO:X Y', 'NFO:X\nY', 42, undefined])
    assert.equal(hasInstrumentIdShape(bad), false, String(bad));
});
