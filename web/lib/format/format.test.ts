import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatInstrumentLabel, instrumentSegment } from './instrument';
import { formatCount, formatPaise, formatPnlPaise, formatPricePaise, pnlTone } from './money';
import { formatReasonCode } from './reason';
import { formatIstDay, formatIstTime, formatIstTimeOrDash } from './time';

describe('money formatting', () => {
  test('groups rupees the Indian way with two decimals', () => {
    assert.equal(formatPaise(12345678), '₹1,23,456.78');
    assert.equal(formatPaise(5), '₹0.05');
  });

  test('signs P&L, leaving zero unsigned', () => {
    assert.equal(formatPnlPaise(4550), '+₹45.50');
    assert.equal(formatPnlPaise(-1234567), '-₹12,345.67');
    assert.equal(formatPnlPaise(0), '₹0.00');
  });

  test('prints prices and quantities without a currency sign', () => {
    assert.equal(formatPricePaise(2456705), '24,567.05');
    assert.equal(formatCount(150000), '1,50,000');
  });

  test('gives P&L a tone by sign', () => {
    assert.deepEqual([pnlTone(1), pnlTone(-1), pnlTone(0)], ['up', 'down', 'flat']);
  });
});

describe('IST formatting', () => {
  // 2026-11-26T08:35:09Z is 14:05:09 IST (UTC+05:30), a Thursday.
  const at = Date.UTC(2026, 10, 26, 8, 35, 9);

  test('shows wall-clock time in Asia/Kolkata whatever the host zone is', () => {
    assert.equal(formatIstTime(at), '14:05:09');
  });

  test('rolls the IST date over before the UTC date does', () => {
    assert.match(formatIstDay(Date.UTC(2026, 10, 26, 19, 0, 0)), /27 Nov/);
  });

  test('shows a dash for a missing time', () => {
    assert.equal(formatIstTimeOrDash(null), '–');
    assert.equal(formatIstTimeOrDash(at), '14:05:09');
  });
});

describe('instrument labels', () => {
  test('reads options as symbol, expiry, strike and type', () => {
    assert.equal(formatInstrumentLabel('NFO:NIFTY:2026-12-01:CE:24000'), 'NIFTY 01 Dec 24000 CE');
    assert.equal(formatInstrumentLabel('BFO:SENSEX:2026-01-08:PE:80500'), 'SENSEX 08 Jan 80500 PE');
  });

  test('reads futures, indices and stocks', () => {
    assert.equal(formatInstrumentLabel('MCX:CRUDEOIL:2026-12-18:FUT'), 'CRUDEOIL 18 Dec FUT');
    assert.equal(formatInstrumentLabel('NSE_INDEX:NIFTY'), 'NIFTY');
    assert.equal(formatInstrumentLabel('NSE:RELIANCE'), 'RELIANCE');
  });

  test('returns an id it cannot read unchanged', () => {
    for (const odd of ['', 'NIFTY', 'NFO:NIFTY:2026-13-01:CE:24000', 'NFO:NIFTY:2026-12-01:XX:1']) {
      assert.equal(formatInstrumentLabel(odd), odd);
    }
  });

  test('names the segment', () => {
    assert.equal(instrumentSegment('NFO:NIFTY:2026-12-01:CE:24000'), 'NFO');
    assert.equal(instrumentSegment('garbage'), '');
  });
});

describe('reason codes', () => {
  test('reads a code as words and leaves free text alone', () => {
    assert.equal(formatReasonCode('STOP_LOSS'), 'Stop loss');
    assert.equal(formatReasonCode('TARGET'), 'Target');
    assert.equal(formatReasonCode('Square-off at 15:15'), 'Square-off at 15:15');
  });
});
