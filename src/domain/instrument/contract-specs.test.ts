import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createContractSpecs, parseContractSpecData } from './index';

const specs = createContractSpecs(
  parseContractSpecData(JSON.parse(readFileSync(new URL('../../../data/instruments.json', import.meta.url), 'utf8'))),
);

describe('contract specs', () => {
  test('NIFTY lot is 75 for the 2025-12-30 expiry and 65 from the January 2026 expiries', () => {
    assert.equal(specs.lotSize('NIFTY', '2025-12-23'), 75);
    assert.equal(specs.lotSize('NIFTY', '2025-12-30'), 75);
    assert.equal(specs.lotSize('NIFTY', '2026-01-06'), 65);
    assert.equal(specs.lotSize('NIFTY', '2026-12-29'), 65);
  });

  test('January 2026 lot changes for the other NSE indices apply from the 2026-01-27 monthly', () => {
    assert.equal(specs.lotSize('BANKNIFTY', '2025-12-30'), 35);
    assert.equal(specs.lotSize('BANKNIFTY', '2026-01-27'), 30);
    assert.equal(specs.lotSize('FINNIFTY', '2026-01-27'), 60);
    assert.equal(specs.lotSize('MIDCPNIFTY', '2026-01-27'), 120);
    assert.equal(specs.lotSize('NIFTYNXT50', '2026-01-27'), 25);
    assert.equal(specs.lotSize('SENSEX', '2026-01-29'), 20);
  });

  test('segments, index ids, ticks and strike steps', () => {
    assert.equal(specs.segmentOf('NIFTY'), 'NFO');
    assert.equal(specs.segmentOf('SENSEX'), 'BFO');
    assert.equal(specs.segmentOf('CRUDEOIL'), 'MCX');
    assert.equal(specs.indexId('NIFTY'), 'NSE_INDEX:NIFTY');
    assert.equal(specs.indexId('SENSEX'), 'BSE_INDEX:SENSEX');
    assert.equal(specs.tickSizePaise('NIFTY'), 5);
    assert.equal(specs.tickSizePaise('CRUDEOIL'), 100);
    assert.equal(specs.strikeStep('NIFTY'), 50);
    assert.equal(specs.strikeStep('BANKNIFTY'), 100);
  });

  test('freeze quantity is effective-dated', () => {
    assert.equal(specs.freezeQty('NIFTY', '2026-11-26'), 1800);
    assert.equal(specs.freezeQty('BANKNIFTY', '2026-05-15'), 900);
    assert.equal(specs.freezeQty('BANKNIFTY', '2026-07-01'), 600);
  });

  test('unknown underlyings and unknown facts throw clear errors', () => {
    assert.throws(() => specs.lotSize('NIFTTY', '2026-12-01'), { code: 'UNKNOWN_UNDERLYING', message: /NIFTTY/ });
    assert.throws(() => specs.freezeQty('SENSEX', '2026-11-26'), { code: 'MISSING_CONTRACT_SPEC' });
    assert.throws(() => specs.indexId('CRUDEOIL'), { code: 'MISSING_CONTRACT_SPEC' });
  });

  test('rejects an empty catalog', () => {
    assert.throws(() => parseContractSpecData({ underlyings: [] }), /never empty/);
  });
});
