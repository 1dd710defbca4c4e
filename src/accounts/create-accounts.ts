import type { Bus } from '#src/platform/bus';
import type { Clock } from '#src/platform/clock';
import type { Config } from '#src/platform/config';
import { type Crypto, createEnvelopeCrypto, parseMasterKeys } from '#src/platform/crypto';
import type { Db } from '#src/platform/db';
import type { Logger } from '#src/platform/log';
import { createOutboxMailer, createSmtpMailer, type Mailer } from '#src/platform/mail';
import { createApiKeys } from './api-keys/api-keys';
import { createIdentity } from './auth/identity';
import { createLoginThrottle } from './auth/login-throttle';
import { createSessionStore } from './auth/sessions';
import { createTotp } from './auth/totp';
import { type BrokerLookup, createBrokerAccounts } from './broker-accounts/broker-accounts';
import { createOAuthState } from './broker-accounts/oauth-state';
import { createPlans } from './subscriptions/plans';
import { createStrategyMaps } from './subscriptions/strategy-maps';
import { createSubscriptions } from './subscriptions/subscriptions';
import { createUserAdmin } from './users/lifecycle';

/** The crypto port from configuration (current master key plus retired ones for reading old values). */
export function createCryptoFromConfig(config: Config): Crypto {
  const m = config.accounts.masterKey;
  return createEnvelopeCrypto(parseMasterKeys({ id: m.id, key: m.key.reveal(), retired: m.retired.reveal() }));
}

/** The mail port from configuration: SMTP when SMTP_URL is set, else the in-memory dev outbox. */
export function createMailerFromConfig(config: Config, now: () => number): Mailer {
  const { smtpUrl, mailFrom } = config.accounts;
  return smtpUrl ? createSmtpMailer({ url: smtpUrl, from: mailFrom }) : createOutboxMailer({ from: mailFrom, now });
}

/** Every accounts service over one set of ports; the API builds one. */
export function createAccounts(deps: {
  config: Config;
  db: Db;
  bus: Bus;
  clock: Clock;
  log: Logger;
  brokers: BrokerLookup;
  mailer?: Mailer;
}) {
  const { config, db, bus, clock } = deps;
  const crypto = createCryptoFromConfig(config);
  const mailer = deps.mailer ?? createMailerFromConfig(config, () => Date.now());
  const sessions = createSessionStore({ db, clock, ttlMs: config.auth.sessionTtlMs });
  const totp = createTotp({ db, crypto, issuer: 'MYN Robo' });
  const throttle = createLoginThrottle({
    bus,
    maxFailures: config.accounts.loginMaxFailures,
    lockoutMs: config.accounts.loginLockoutMs,
  });
  const subscriptions = createSubscriptions({ db, bus, clock });
  return {
    crypto,
    mailer,
    sessions,
    totp,
    subscriptions,
    identity: createIdentity({
      db,
      mailer,
      throttle,
      totp,
      sessions,
      log: deps.log,
      verifyTokenTtlMs: config.accounts.verifyTokenTtlMs,
      resetTokenTtlMs: config.accounts.resetTokenTtlMs,
    }),
    users: createUserAdmin({ db, bus, clock, sessions }),
    plans: createPlans({ db }),
    maps: createStrategyMaps({ db, clock, subscriptions }),
    brokerAccounts: createBrokerAccounts({
      db,
      bus,
      clock,
      crypto,
      brokers: deps.brokers,
      oauthState: createOAuthState({ secret: config.auth.sessionSecret.reveal(), bus }),
    }),
    apiKeys: createApiKeys({ db }),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
