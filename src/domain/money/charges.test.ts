import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chargeRatesOn, fillCharges, netPnl, tradeCharges } from './charges';

const NIFTY_OPT = { exchange: 'NSE', product: 'OPT', underlying: 'NIFTY' } as const;

describe('charges', () => {
  test('a NIFTY option round trip (1 lot of 65, buy ₹100, sell ₹120 on 2026-11-26) matches the hand computation', () => {
    // Buy: turnover ₹6,500.00 = 650,000 paise.
    //   brokerage 2000; NSE txn 650000×3553/1e7 = 230.945 → 231; SEBI 0.65 → 1; stamp 0.003% = 19.5 → 20;
    //   GST 18% × (2000 + 231 + 1) = 401.76 → 402; STT 0 (buy).            Buy total  = 2654
    // Sell: turnover ₹7,800.00 = 780,000 paise.
    //   brokerage 2000; STT 0.15% = 1170; NSE txn 277.134 → 277; SEBI 0.78 → 1; stamp 0;
    //   GST 18% × (2000 + 277 + 1) = 410.04 → 410.                         Sell total = 3858
    // Charges 6512 paise (₹65.12); gross 65 × ₹20 = 130,000 paise; net 123,488 paise (₹1,234.88).
    const result = netPnl({
      ...NIFTY_OPT,
      fills: [
        { side: 'BUY', quantity: 65, pricePaise: 10_000, date: '2026-11-26' },
        { side: 'SELL', quantity: 65, pricePaise: 12_000, date: '2026-11-26' },
      ],
    });
    assert.deepEqual(result.charges, {
      turnoverPaise: 1_430_000,
      brokerage: 4000,
      stt: 1170,
      exchangeTxn: 508,
      sebiFee: 2,
      stampDuty: 20,
      gst: 812,
      total: 6512,
    });
    assert.equal(result.grossPaise, 130_000);
    assert.equal(result.netPaise, 123_488);
  });

  test('the reference worked example: sell 1 NIFTY lot at ₹100 costs ₹36.09 with paise rounding', () => {
    const c = fillCharges(NIFTY_OPT, { side: 'SELL', quantity: 65, pricePaise: 10_000, date: '2026-11-26' });
    assert.equal(c.stt, 975);
    assert.equal(c.exchangeTxn, 231);
    assert.equal(c.gst, 402);
    assert.equal(c.total, 3609);
  });

  test('option STT was 0.10% before 2026-04-01 and futures STT 0.02%', () => {
    const sell = { side: 'SELL', quantity: 65, pricePaise: 12_000 } as const;
    assert.equal(fillCharges(NIFTY_OPT, { ...sell, date: '2026-03-31' }).stt, 780);
    assert.equal(fillCharges(NIFTY_OPT, { ...sell, date: '2026-04-01' }).stt, 1170);
    const fut = { exchange: 'NSE', product: 'FUT', underlying: 'NIFTY' } as const;
    const futSell = { side: 'SELL', quantity: 65, pricePaise: 2_400_000 } as const;
    // Turnover ₹15,60,000: 0.02% = ₹312, 0.05% = ₹780.
    assert.equal(fillCharges(fut, { ...futSell, date: '2026-03-31' }).stt, 31_200);
    assert.equal(fillCharges(fut, { ...futSell, date: '2026-04-01' }).stt, 78_000);
  });

  test('BSE option exchange charges depend on the index; BSE futures have none', () => {
    const fill = { side: 'BUY', quantity: 20, pricePaise: 50_000, date: '2026-11-26' } as const;
    // Turnover 1,000,000 paise: SENSEX 0.0325% = 325; SENSEX50 0.005% = 50.
    assert.equal(fillCharges({ exchange: 'BSE', product: 'OPT', underlying: 'SENSEX' }, fill).exchangeTxn, 325);
    assert.equal(fillCharges({ exchange: 'BSE', product: 'OPT', underlying: 'SENSEX50' }, fill).exchangeTxn, 50);
    assert.equal(fillCharges({ exchange: 'BSE', product: 'FUT', underlying: 'SENSEX' }, fill).exchangeTxn, 0);
  });

  test('MCX charges CTT on the sell side and its own transaction rates', () => {
    const crude = { exchange: 'MCX', product: 'FUT', underlying: 'CRUDEOIL' } as const;
    // 100 units at ₹6,000 = 60,000,000 paise: CTT 0.01% = 6000; txn 0.0021% = 1260; stamp (buy) 0.002% = 1200.
    const sell = fillCharges(crude, { side: 'SELL', quantity: 100, pricePaise: 600_000, date: '2026-11-26' });
    assert.equal(sell.stt, 6000);
    assert.equal(sell.exchangeTxn, 1260);
    const buy = fillCharges(crude, { side: 'BUY', quantity: 100, pricePaise: 600_000, date: '2026-11-26' });
    assert.equal(buy.stt, 0);
    assert.equal(buy.stampDuty, 1200);
  });

  test('brokerage is configurable, with an optional percentage cap', () => {
    const fill = { side: 'BUY', quantity: 65, pricePaise: 100, date: '2026-11-26' } as const;
    assert.equal(fillCharges(NIFTY_OPT, fill, { perOrderPaise: 1500 }).brokerage, 1500);
    // Turnover 6500 paise × 0.03% (₹3,000 per crore) = 1.95 → 2 paise, below ₹20.
    assert.equal(fillCharges(NIFTY_OPT, fill, { perOrderPaise: 2000, capPerCrore: 3000 }).brokerage, 2);
  });

  test('STT can be rounded to the rupee as contract notes do', () => {
    const fill = { side: 'SELL', quantity: 65, pricePaise: 10_000, date: '2026-11-26' } as const;
    assert.equal(fillCharges(NIFTY_OPT, fill, { perOrderPaise: 2000, roundSttToRupee: true }).stt, 1000);
  });

  test('every component is an integer number of paise and the total is their sum', () => {
    const fills = [
      { side: 'BUY', quantity: 75, pricePaise: 12_345, date: '2025-11-26' },
      { side: 'SELL', quantity: 75, pricePaise: 9_995, date: '2025-11-27' },
    ] as const;
    const c = tradeCharges(NIFTY_OPT, fills);
    const parts = [c.brokerage, c.stt, c.exchangeTxn, c.sebiFee, c.stampDuty, c.gst];
    for (const p of parts) assert.ok(Number.isInteger(p));
    assert.equal(
      c.total,
      parts.reduce((s, p) => s + p, 0),
    );
  });

  test('an open trade needs a mark price, and dates before the known rates are refused', () => {
    const open = { ...NIFTY_OPT, fills: [{ side: 'BUY', quantity: 65, pricePaise: 100, date: '2026-11-26' }] } as const;
    assert.throws(() => netPnl(open), /markPricePaise/);
    assert.equal(netPnl({ ...open, markPricePaise: 150 }).grossPaise, 65 * 50);
    assert.throws(() => chargeRatesOn('2024-09-30'), { code: 'UNKNOWN_CHARGE_RATES' });
  });
});
