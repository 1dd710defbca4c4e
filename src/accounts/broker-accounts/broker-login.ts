import { eq } from 'drizzle-orm';
import type { BrokerCredentials, BrokerSession } from '#src/brokers/contract';
import { tables } from '#src/platform/db';
import { appendAudit } from '../audit/audit-log';
import { accountsError } from '../errors';
import type { AccountRows, BrokerAccountsDeps } from './account-rows';

const { brokerAccounts } = tables;

/** The broker login of an account: OAuth connect and callback (session stored encrypted), and disconnect. */
export function createBrokerLogin(deps: BrokerAccountsDeps, rows: AccountRows) {
  const { db } = deps;
  const { getRow, get, sync } = rows;
  return {
    /** Starts the broker login: the authorize URL carrying a signed single-use state. */
    async connect(p: { id: string; userId: string }) {
      const row = await getRow(p.id, p.userId);
      const def = deps.brokers.get(row.broker);
      if (!def || row.broker === 'paper') throw accountsError('BROKER_UNSUPPORTED');
      if (!row.credentialsEnc) throw accountsError('CREDENTIALS_MISSING');
      const credentials = JSON.parse(deps.crypto.decrypt(row.credentialsEnc)) as BrokerCredentials;
      const state = deps.oauthState.issue({ accountId: row.id, userId: row.userId, now: Date.now() });
      return { authorizeUrl: def.auth.authorizeUrl({ credentials, state }) };
    },
    /** The broker's redirect: verifies the state, exchanges the code and stores the session encrypted. */
    async callback(p: { code: string; state: string }) {
      const s = await deps.oauthState.consume(p.state, Date.now());
      const row = await getRow(s.accountId, s.userId);
      const def = deps.brokers.get(row.broker);
      if (!def || !row.credentialsEnc) throw accountsError('BROKER_UNSUPPORTED');
      const credentials = JSON.parse(deps.crypto.decrypt(row.credentialsEnc)) as BrokerCredentials;
      let session: BrokerSession;
      try {
        session = await def.auth.exchangeCode({ credentials, code: p.code, now: deps.clock.now() });
      } catch (err) {
        await appendAudit(db, {
          at: Date.now(),
          actorId: s.userId,
          action: 'broker.connect_failed',
          subject: row.id,
          data: {},
        });
        throw Object.assign(accountsError('BROKER_AUTH_FAILED'), { cause: err });
      }
      await db
        .update(brokerAccounts)
        .set({
          sessionEnc: deps.crypto.encrypt(JSON.stringify(session)),
          tokenState: 'CONNECTED',
          tokenExpiresAt: session.expiresAt,
          updatedAt: deps.clock.now(),
        })
        .where(eq(brokerAccounts.id, row.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: s.userId,
        action: 'broker.connect',
        subject: row.id,
        data: { expiresAt: session.expiresAt },
      });
      await sync(row.id, s.userId);
      return get(row.id, s.userId);
    },
    async disconnect(p: { id: string; userId: string }) {
      await getRow(p.id, p.userId);
      await db
        .update(brokerAccounts)
        .set({ sessionEnc: null, tokenState: 'REVOKED', updatedAt: deps.clock.now() })
        .where(eq(brokerAccounts.id, p.id));
      await appendAudit(db, {
        at: Date.now(),
        actorId: p.userId,
        action: 'broker.disconnect',
        subject: p.id,
        data: {},
      });
      await sync(p.id, p.userId);
      return get(p.id, p.userId);
    },
  };
}
