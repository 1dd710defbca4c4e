import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAccountLimits, isEntryTimedOut, windowAt, windowsOf } from './index';

describe('risk rules', () => {
  const limits = { maxConsecutiveErrors: 3, maxDayLossPaise: 10_000 };
  test('an account breaches on its error streak or its day loss, not on profit', () => {
    assert.deepEqual(checkAccountLimits({ consecutiveErrors: 2, dayPnlPaise: -9_999 }, limits), { ok: true });
    assert.deepEqual(checkAccountLimits({ consecutiveErrors: 3, dayPnlPaise: 0 }, limits), {
      ok: false,
      reason: 'CONSECUTIVE_ERRORS',
    });
    assert.deepEqual(checkAccountLimits({ consecutiveErrors: 0, dayPnlPaise: -10_000 }, limits), {
      ok: false,
      reason: 'DAY_LOSS_LIMIT',
    });
    assert.deepEqual(checkAccountLimits({ consecutiveErrors: 0, dayPnlPaise: 1e9 }, limits), { ok: true });
  });

  test('entry timeout counts market-clock time', () => {
    assert.equal(isEntryTimedOut({ createdAt: 0, now: 29_999, timeoutSec: 30 }), false);
    assert.equal(isEntryTimedOut({ createdAt: 0, now: 30_000, timeoutSec: 30 }), true);
  });

  test('published limits become fixed windows', () => {
    assert.deepEqual(
      windowsOf({ perSecond: 10, perMinute: 200, perDay: 100_000 }).map((w) => [w.name, w.limit]),
      [
        ['s', 10],
        ['m', 200],
        ['d', 100_000],
      ],
    );
    assert.deepEqual(windowAt(2_500, 1_000), { index: 2, waitMs: 500 });
  });
});
