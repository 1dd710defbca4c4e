'use client';

import { describeConnected, describeLoginFailure, type LoginReturn } from '../../lib/accounts/account-messages';
import type { BrokerAccount } from '../../lib/api/types';
import dash from '../dashboard/dashboard.module.css';
import tables from '../dashboard/tables.module.css';
import { AccountRow } from './account-row';
import styles from './accounts.module.css';
import { AccountsHeader } from './accounts-header';
import { AddAccountForm } from './add-account-form';
import { useAccounts } from './use-accounts';

/** The note about the broker login the browser just came back from; waits for the list to name the account. */
function LoginNotice({ result, accounts }: { result: LoginReturn; accounts: BrokerAccount[] | undefined }) {
  if (!result || (result.kind === 'connected' && !accounts)) return null;
  const isOk = result.kind === 'connected';
  const text = isOk
    ? describeConnected(accounts?.find((a) => a.id === result.accountId))
    : describeLoginFailure(result.code);
  return (
    <p
      className={isOk ? styles.noticeOk : styles.noticeError}
      role={isOk ? 'status' : 'alert'}
      data-testid="login-notice"
      data-kind={result.kind}
    >
      {text}
    </p>
  );
}

function AccountsTable(
  props: { accounts: BrokerAccount[] | undefined } & Omit<ReturnType<typeof useAccounts>, 'accounts'>,
) {
  const { accounts, busyId, rowErrors } = props;
  return (
    <div className={tables.scroller}>
      <table className={`${tables.table} ${styles.table}`} data-testid="accounts-table">
        <thead>
          <tr>
            <th>Account</th>
            <th>Connection</th>
            <th>Trading</th>
            <th>Chosen mode</th>
            <th className={styles.actionsHead}>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        {accounts?.map((a) => (
          <AccountRow key={a.id} a={a} busy={busyId === a.id} error={rowErrors[a.id]} actions={props} />
        ))}
        {(accounts === undefined || accounts.length === 0) && (
          <tbody>
            <tr>
              <td colSpan={5} className={tables.empty}>
                {accounts === undefined ? 'Loading…' : 'No broker accounts yet. Add one below.'}
              </td>
            </tr>
          </tbody>
        )}
      </table>
    </div>
  );
}

/** The trader's broker accounts: connect each through its broker's login, choose paper or live, add more. */
export function AccountsPage() {
  const state = useAccounts();
  const { user, accounts, loadError, loginReturn, add, signOut } = state;
  const count =
    accounts === undefined ? 'Loading…' : `${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}`;
  return (
    <>
      <AccountsHeader user={user} onLogout={() => void signOut()} />
      <main className={dash.main}>
        <div className={styles.intro}>
          <h1>Broker accounts</h1>
          <p>
            Live orders go to a broker only while its session is connected. Broker sessions end every day; when one
            ends, the account trades paper until you reconnect.
          </p>
        </div>
        <LoginNotice result={loginReturn} accounts={accounts} />
        {loadError && (
          <p className={styles.noticeError} role="alert">
            {loadError}
          </p>
        )}
        <section className={dash.panel}>
          <div className={dash.panelHead}>
            <h2>Your accounts</h2>
            <span className={dash.panelMeta}>{count}</span>
          </div>
          <AccountsTable {...state} />
        </section>
        <section className={dash.panel}>
          <div className={dash.panelHead}>
            <h2>Add account</h2>
          </div>
          <AddAccountForm onAdd={add} />
        </section>
      </main>
    </>
  );
}
