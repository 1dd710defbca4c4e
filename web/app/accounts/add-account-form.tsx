'use client';

import { type FormEvent, useEffect, useState } from 'react';
import {
  type AccountFormValues,
  BROKER_CHOICES,
  buildNewAccount,
  emptyAccountForm,
  needsCredentials,
} from '../../lib/accounts/account-form';
import type { NewBrokerAccount } from '../../lib/api/types';
import page from './accounts.module.css';
import styles from './add-account-form.module.css';

type Field = keyof AccountFormValues;

function TextField(props: {
  field: Field;
  label: string;
  values: AccountFormValues;
  onChange(field: Field, value: string): void;
  type?: 'text' | 'password' | 'url';
  hint?: string;
  autoComplete?: string;
}) {
  return (
    <label className={styles.field}>
      <span>{props.label}</span>
      <input
        name={props.field}
        data-testid={`add-${props.field}`}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={false}
        value={props.values[props.field]}
        onChange={(e) => props.onChange(props.field, e.target.value)}
      />
      {props.hint && <small className={styles.hint}>{props.hint}</small>}
    </label>
  );
}

/**
 * Adds a broker account. The app secret is sent once and never shown again: the field is cleared after saving
 * and the API never returns it.
 */
export function AddAccountForm({ onAdd }: { onAdd(body: NewBrokerAccount): Promise<string | undefined> }) {
  const [values, setValues] = useState<AccountFormValues>(() => emptyAccountForm(''));
  const [error, setError] = useState<string | undefined>();
  const [added, setAdded] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The callback URL is this page's origin, known only in the browser.
  useEffect(() => setValues(emptyAccountForm(window.location.origin)), []);

  const change = (field: Field, value: string) => setValues((v) => ({ ...v, [field]: value }));

  async function submit(ev: FormEvent<HTMLFormElement>): Promise<void> {
    ev.preventDefault();
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    const body = buildNewAccount(values);
    const failure = await onAdd(body);
    setBusy(false);
    if (failure) return setError(failure);
    setAdded(`Added ${body.label}.${needsCredentials(body.broker) ? ' Connect it to trade live.' : ''}`);
    setValues(emptyAccountForm(window.location.origin));
  }

  const withLogin = needsCredentials(values.broker);
  // noValidate: the server's problem names each wrong field, so its message is the one answer shown.
  return (
    <form className={styles.form} onSubmit={submit} noValidate data-testid="add-account-form">
      <div className={styles.grid}>
        <label className={styles.field}>
          <span>Broker</span>
          <select
            name="broker"
            data-testid="add-broker"
            value={values.broker}
            onChange={(e) => change('broker', e.target.value)}
          >
            {BROKER_CHOICES.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
        <TextField field="label" label="Label" values={values} onChange={change} hint="Your name for it, e.g. Main" />
        <TextField
          field="brokerClientId"
          label="Client id"
          values={values}
          onChange={change}
          hint="Your client id at the broker"
        />
      </div>
      {withLogin && (
        <fieldset className={styles.credentials}>
          <legend>Broker app</legend>
          <div className={styles.grid}>
            <TextField field="appId" label="App id" values={values} onChange={change} />
            <TextField
              field="appSecret"
              label="App secret"
              type="password"
              autoComplete="new-password"
              values={values}
              onChange={change}
              hint="Stored encrypted; never shown again."
            />
            <TextField
              field="redirectUri"
              label="Redirect URI"
              type="url"
              values={values}
              onChange={change}
              hint="Register this URL in the broker app."
            />
          </div>
        </fieldset>
      )}
      <p className={styles.formError} role="alert" hidden={!error} data-testid="add-error">
        {error}
      </p>
      <p className={styles.formDone} role="status" hidden={!added} data-testid="add-done">
        {added}
      </p>
      <div className={styles.formFoot}>
        <button type="submit" className={page.primary} disabled={busy} data-testid="add-submit">
          {busy ? 'Adding…' : 'Add account'}
        </button>
      </div>
    </form>
  );
}
