import { auditVerifyCommand, createCryptoFromConfig, rotateKeysCommand } from '#src/accounts';
import type { Config } from '#src/platform/config';
import { openStore } from '#src/platform/db';

/** Admin commands of the accounts module, run against the configured store. */
export const ACCOUNT_COMMANDS = ['audit-verify', 'rotate-keys'] as const;
export type AccountCommand = (typeof ACCOUNT_COMMANDS)[number];

export function isAccountCommand(name: string): name is AccountCommand {
  return (ACCOUNT_COMMANDS as readonly string[]).includes(name);
}

/** Runs one command; returns the text to print and the process exit code (1 when the audit chain is broken). */
export async function runAccountCommand(name: AccountCommand, config: Config): Promise<{ code: number; text: string }> {
  const store = await openStore(config.store);
  try {
    if (name === 'audit-verify') {
      const r = await auditVerifyCommand(store.db);
      return { code: r.ok ? 0 : 1, text: r.text };
    }
    const r = await rotateKeysCommand(store.db, createCryptoFromConfig(config));
    return { code: 0, text: r.text };
  } finally {
    await store.close();
  }
}
