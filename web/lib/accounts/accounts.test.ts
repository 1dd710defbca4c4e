import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../api/client';
import type { BrokerAccount } from '../api/types';
import { buildNewAccount, emptyAccountForm } from './account-form';
import { describeAccountError, describeConnected, describeLoginFailure, readLoginReturn } from './account-messages';
import { brokerName, describeAccount, describePaperReason, formatIstExpiry } from './account-status';

// 2026-11-26T21:30:00Z is 03:00 IST on Friday 27 November.
const EXPIRES = Date.UTC(2026, 10, 26, 21, 30, 0);

const fyers: BrokerAccount = {
  id: 'a1',
  userId: 'u1',
  broker: 'fyers',
  label: 'Fyers (simulator)',
  brokerClientId: 'XD0001',
  mode: 'live',
  effectiveMode: 'live',
  modeReason: null,
  tokenState: 'CONNECTED',
  tokenExpiresAt: EXPIRES,
  hasCredentials: true,
  halted: false,
  adminForcedPaper: false,
  createdAt: 0,
};

describe('account status', () => {
  test('reads a connected live account as connected until its expiry in IST, offering a disconnect', () => {
    const s = describeAccount(fyers);
    assert.equal(s.connection, 'Connected until 03:00 IST, Fri 27 Nov');
    assert.equal(s.tone, 'connected');
    assert.deepEqual([s.paperReason, s.isLiveBlocked, s.canDisconnect], [undefined, false, true]);
    assert.deepEqual([s.connectAction, s.isConnectNeeded], ['Reconnect', false]);
  });

  test('reads an expired session as forced paper with TOKEN_EXPIRED, asking to reconnect', () => {
    const s = describeAccount({ ...fyers, effectiveMode: 'paper', modeReason: 'TOKEN_EXPIRED', tokenState: 'EXPIRED' });
    assert.deepEqual([s.connection, s.tone, s.connectAction], ['Session expired', 'expired', 'Reconnect']);
    assert.equal(s.paperReason, 'Session expired — reconnect to trade live');
    assert.deepEqual([s.isLiveBlocked, s.isConnectNeeded], [true, true]);
  });

  test('offers Connect to an account never connected or disconnected, and no disconnect', () => {
    for (const tokenState of ['NOT_CONNECTED', 'REVOKED'] as const) {
      const s = describeAccount({ ...fyers, effectiveMode: 'paper', modeReason: 'NOT_CONNECTED', tokenState });
      assert.deepEqual([s.connection, s.connectAction, s.canDisconnect], ['Not connected', 'Connect', false]);
      assert.equal(s.paperReason, 'Not connected — connect to trade live');
    }
  });

  test('does not call paper chosen by the trader blocked', () => {
    const s = describeAccount({ ...fyers, mode: 'paper', effectiveMode: 'paper', modeReason: 'USER_CHOICE' });
    assert.deepEqual([s.isLiveBlocked, s.paperReason], [false, 'Paper by your choice']);
  });

  test('gives the paper broker no login and no live choice', () => {
    const s = describeAccount({
      ...fyers,
      broker: 'paper',
      mode: 'paper',
      effectiveMode: 'paper',
      tokenState: 'NOT_CONNECTED',
    });
    assert.deepEqual(
      [s.connection, s.connectAction, s.canDisconnect, s.canChooseLive],
      ['No login needed', undefined, false, false],
    );
  });

  test('reads an unknown reason code as words', () => {
    assert.equal(describePaperReason('SOMETHING_NEW'), 'Something new');
    assert.equal(describePaperReason('ADMIN_FORCED'), 'Set to paper by an administrator');
  });

  test('shows the expiry in IST whatever the host zone', () => {
    assert.equal(formatIstExpiry(Date.UTC(2026, 10, 26, 8, 35, 0)), '14:05 IST, Thu 26 Nov');
  });
});

describe('broker login return', () => {
  test('reads the connected account or the failure code from the query', () => {
    assert.deepEqual(readLoginReturn('?connected=a1'), { kind: 'connected', accountId: 'a1' });
    assert.deepEqual(readLoginReturn('?error=STATE_INVALID'), { kind: 'failed', code: 'STATE_INVALID' });
    assert.equal(readLoginReturn(''), undefined);
  });

  test('does not echo free text from the query as a code', () => {
    const r = readLoginReturn('?error=%3Cb%3Ehello%3C%2Fb%3E');
    assert.deepEqual(r, { kind: 'failed', code: 'UNKNOWN' });
    assert.equal(describeLoginFailure('UNKNOWN'), 'The broker login failed.');
  });

  test('explains each failure in words', () => {
    assert.match(describeLoginFailure('BROKER_AUTH_FAILED'), /broker refused the login/);
    assert.match(describeLoginFailure('STATE_INVALID'), /Connect again/);
    assert.equal(describeLoginFailure('SOME_NEW_CODE'), 'The broker login failed (Some new code).');
  });
});

describe('add-account form', () => {
  const form = {
    ...emptyAccountForm('https://robo.example'),
    label: ' Main ',
    brokerClientId: 'XA1',
    appId: 'APP',
    appSecret: ' s3 ',
  };

  test('starts with this platform callback as the redirect URI', () => {
    assert.equal(form.redirectUri, 'https://robo.example/api/v1/broker-accounts/oauth/callback');
  });

  test('trims text but sends the secret exactly as typed', () => {
    assert.deepEqual(buildNewAccount(form), {
      broker: 'fyers',
      label: 'Main',
      brokerClientId: 'XA1',
      credentials: {
        appId: 'APP',
        appSecret: ' s3 ',
        redirectUri: 'https://robo.example/api/v1/broker-accounts/oauth/callback',
      },
    });
  });

  test('sends no credentials for the paper broker', () => {
    assert.equal(buildNewAccount({ ...form, broker: 'paper' }).credentials, undefined);
  });

  test('names the fields a validation problem is about', () => {
    const e = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      detail: '/label: Too small: expected string to have >=1 characters',
      errors: [
        { path: '/label', message: 'Too small: expected string to have >=1 characters' },
        { path: '/credentials/redirectUri', message: 'Invalid URL' },
      ],
    });
    assert.equal(describeAccountError(e), 'Label: required; Redirect URI: Invalid URL');
    assert.equal(
      describeAccountError(new ApiError(409, { code: 'PLAN_LIMIT', detail: 'the plan allows 1 broker account(s)' })),
      'the plan allows 1 broker account(s)',
    );
  });
});

describe('connected note', () => {
  test('says whether the connected account now trades live', () => {
    assert.equal(describeConnected(fyers), 'Fyers (simulator) is connected and trading live.');
    const chosePaper = { ...fyers, mode: 'paper' as const, effectiveMode: 'paper' as const, modeReason: 'USER_CHOICE' };
    assert.equal(describeConnected(chosePaper), 'Fyers (simulator) is connected; switch it to Live to trade live.');
    assert.equal(describeConnected(undefined), 'The broker login finished.');
  });

  test('names brokers the way people write them', () => {
    assert.deepEqual(
      [brokerName('aliceblue'), brokerName('fyers'), brokerName('newbroker')],
      ['Alice Blue', 'Fyers', 'newbroker'],
    );
  });
});
