import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decideMode, type ModeInputs } from './effective-mode';

const live: ModeInputs = {
  mode: 'live',
  tokenState: 'CONNECTED',
  tokenExpiresAt: 2_000,
  subscriptionActive: true,
  halted: false,
  adminForcedPaper: false,
  now: 1_000,
};

describe('decideMode', () => {
  test('is live only when chosen, connected, unexpired, subscribed and not overridden', () => {
    assert.deepEqual(decideMode(live), { effectiveMode: 'live', reason: null, tokenState: 'CONNECTED' });
    fc.assert(
      fc.property(
        fc.record({
          mode: fc.constantFrom('paper', 'live' as const),
          tokenState: fc.constantFrom('NOT_CONNECTED', 'CONNECTED', 'EXPIRED', 'REVOKED' as const),
          tokenExpiresAt: fc.option(fc.integer({ min: 0, max: 3_000 })),
          subscriptionActive: fc.boolean(),
          halted: fc.boolean(),
          adminForcedPaper: fc.boolean(),
          now: fc.integer({ min: 0, max: 3_000 }),
        }),
        (i) => {
          const d = decideMode(i);
          const expected =
            i.mode === 'live' &&
            i.tokenState === 'CONNECTED' &&
            (i.tokenExpiresAt === null || i.tokenExpiresAt > i.now) &&
            i.subscriptionActive &&
            !i.halted &&
            !i.adminForcedPaper;
          assert.equal(d.effectiveMode === 'live', expected);
          assert.equal(d.reason === null, expected);
        },
      ),
    );
  });

  test('moves an expired token to paper with TOKEN_EXPIRED', () => {
    assert.deepEqual(decideMode({ ...live, now: 2_000 }), {
      effectiveMode: 'paper',
      reason: 'TOKEN_EXPIRED',
      tokenState: 'EXPIRED',
    });
  });

  test('names the strongest reason first', () => {
    const all = { ...live, halted: true, adminForcedPaper: true, subscriptionActive: false, mode: 'paper' as const };
    assert.equal(decideMode(all).reason, 'ACCOUNT_HALTED');
    assert.equal(decideMode({ ...all, halted: false }).reason, 'ADMIN_FORCED');
    assert.equal(decideMode({ ...all, halted: false, adminForcedPaper: false }).reason, 'SUBSCRIPTION_INACTIVE');
    assert.equal(decideMode({ ...live, mode: 'paper' }).reason, 'USER_CHOICE');
    assert.equal(decideMode({ ...live, tokenState: 'REVOKED' }).reason, 'NOT_CONNECTED');
  });
});
