import { type AccountStatus, brokerName, describeAccount } from '../../lib/accounts/account-status';
import type { BrokerAccount, BrokerMode } from '../../lib/api/types';
import tables from '../dashboard/tables.module.css';
import styles from './accounts.module.css';

/** Callbacks of a row's buttons. */
export interface RowActions {
  connect(id: string): void;
  disconnect(id: string): void;
  chooseMode(id: string, mode: BrokerMode): void;
}

function ConnectionCell({ a, s }: { a: BrokerAccount; s: AccountStatus }) {
  return (
    <td data-label="Connection">
      <span className={`${styles.connection} ${styles[s.tone]}`} data-testid="account-connection" data-tone={s.tone}>
        <span className={styles.dot} aria-hidden="true" />
        {s.connection}
      </span>
      {a.halted && (
        <span className={styles.halted} data-testid="account-halted" title="Operations halted this account">
          Halted
        </span>
      )}
    </td>
  );
}

function TradingCell({ a, s }: { a: BrokerAccount; s: AccountStatus }) {
  return (
    <td data-label="Trading">
      <span
        className={`${styles.modeBadge} ${a.effectiveMode === 'live' ? styles.live : styles.paper}`}
        data-testid="account-effective-mode"
        data-mode={a.effectiveMode}
      >
        {a.effectiveMode}
      </span>
      {s.paperReason && (
        <span className={`${styles.reason} ${s.isLiveBlocked ? styles.blocked : ''}`} data-testid="account-reason">
          {s.paperReason}
        </span>
      )}
    </td>
  );
}

/** The trader's choice of paper or live; the trading column shows what the platform does with it. */
function ModeSwitch({
  a,
  s,
  busy,
  onChoose,
}: {
  a: BrokerAccount;
  s: AccountStatus;
  busy: boolean;
  onChoose(m: BrokerMode): void;
}) {
  const option = (mode: BrokerMode, label: string, isAllowed: boolean) => (
    <button
      type="button"
      className={`${styles.switchOption} ${a.mode === mode ? styles.chosen : ''}`}
      aria-pressed={a.mode === mode}
      disabled={busy || !isAllowed || a.mode === mode}
      data-testid={`mode-${mode}`}
      onClick={() => onChoose(mode)}
    >
      {label}
    </button>
  );
  return (
    <td data-label="Chosen mode">
      <fieldset className={styles.switch} aria-label={`Mode of ${a.label}`}>
        {option('paper', 'Paper', true)}
        {option('live', 'Live', s.canChooseLive)}
      </fieldset>
    </td>
  );
}

function ActionsCell({
  a,
  s,
  busy,
  actions,
}: {
  a: BrokerAccount;
  s: AccountStatus;
  busy: boolean;
  actions: RowActions;
}) {
  return (
    <td className={styles.actions}>
      {s.connectAction && (
        <button
          type="button"
          className={s.isConnectNeeded ? styles.primary : styles.secondary}
          disabled={busy}
          data-testid="account-connect"
          onClick={() => actions.connect(a.id)}
        >
          {busy ? 'Working…' : s.connectAction}
        </button>
      )}
      {s.canDisconnect && (
        <button
          type="button"
          className={styles.secondary}
          disabled={busy}
          data-testid="account-disconnect"
          onClick={() => actions.disconnect(a.id)}
        >
          Disconnect
        </button>
      )}
    </td>
  );
}

/** One account: who it is, its broker session, what it trades with and why, and the buttons that change that. */
export function AccountRow(props: { a: BrokerAccount; busy: boolean; error: string | undefined; actions: RowActions }) {
  const { a, busy, error, actions } = props;
  const s = describeAccount(a);
  return (
    <tbody className={styles.account} data-testid="account-row" data-account-id={a.id}>
      <tr>
        <td className={styles.identity}>
          <span className={styles.label}>{a.label}</span>
          <span className={tables.sub}>
            {brokerName(a.broker)} · <span className="num">{a.brokerClientId}</span>
          </span>
        </td>
        <ConnectionCell a={a} s={s} />
        <TradingCell a={a} s={s} />
        <ModeSwitch a={a} s={s} busy={busy} onChoose={(m) => actions.chooseMode(a.id, m)} />
        <ActionsCell a={a} s={s} busy={busy} actions={actions} />
      </tr>
      {error && (
        <tr>
          <td colSpan={5} className={styles.rowError} role="alert" data-testid="account-error">
            {error}
          </td>
        </tr>
      )}
    </tbody>
  );
}
