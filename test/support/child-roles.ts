/** Runs platform roles as separate child processes (`mynrobo <role>`), the production shape, for e2e tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface RoleProcess {
  readonly role: string;
  readonly child: ChildProcess;
  /** Everything the process wrote, for diagnostics on failure. */
  output(): string;
}

export function spawnRole(role: string, env: Record<string, string>): RoleProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { role, child, output: () => out };
}

/** Sends SIGTERM and waits for a graceful exit; returns the exit code (SIGKILL after the grace period). */
export async function stopRole(p: RoleProcess, graceMs = 15_000): Promise<number | null> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  const exited = once(p.child, 'exit');
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}
