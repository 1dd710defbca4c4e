import { DEMO_USERS } from '#src/ops';
import { isAccountCommand, runAccountCommand } from '#src/ops/jobs';
import { ConfigError, loadConfig } from '#src/platform/config';
import { ROLE_NAMES, type RoleName, START_ORDER, startPlatform } from '#src/roles';

const USAGE = `usage: mynrobo <start | ${ROLE_NAMES.join(' | ')}>
  start       every role in one process (embedded PGlite + in-process bus unless DATABASE_URL/REDIS_URL are set)
  <role>      one role against DATABASE_URL (PostgreSQL) and REDIS_URL (Redis)
  audit-verify  check the audit log's hash chain; prints the first broken link (exit 1)
  rotate-keys   re-wrap encrypted secrets under MASTER_KEY (old keys in MASTER_KEYS_RETIRED)`;

function banner(url: string | undefined, demo: boolean, backends: string) {
  const lines = ['', `  MYN Robo is running — open ${url ?? '(no API in this process)'}`, `  backends: ${backends}`];
  if (demo) {
    lines.push('  demo logins (simulated market; paper accounts, and Kiran on the Fyers simulator):');
    for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(12)} ${u.email.padEnd(22)} ${u.password}`);
  }
  lines.push('  API docs:', `    ${url ?? ''}/docs`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv: string[]) {
  const command = argv[0] ?? 'start';
  if (isAccountCommand(command)) {
    const r = await runAccountCommand(command, loadConfig(process.env));
    process.stdout.write(`${r.text}\n`);
    process.exit(r.code);
  }
  const roles: readonly RoleName[] | undefined =
    command === 'start'
      ? START_ORDER
      : (ROLE_NAMES as readonly string[]).includes(command)
        ? [command as RoleName]
        : undefined;
  if (!roles) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const config = loadConfig(process.env, command === 'start' ? 'all' : command);
  const running = await startPlatform({ config, roles });
  const store = config.store.kind === 'pglite' ? `PGlite in ${config.store.dataDir ?? 'memory'}` : 'PostgreSQL';
  const bus = config.bus.kind === 'redis' ? 'Redis' : 'in-process bus';
  const source = config.feed.source;
  const market =
    source.kind === 'broker'
      ? `market data from broker account ${source.accountId}`
      : source.kind === 'replay'
        ? `replay of ${source.file}`
        : config.sim.enabled
          ? 'simulated market'
          : 'market simulation off';
  banner(running.url, config.demo.seed, `${store}, ${bus}, ${market}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.platform.log.info({ signal }, 'shutting down: draining in-flight work');
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else
    process.stderr.write(
      `mynrobo failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(1);
});
