// Builds the web app once (the first `npm start`); later starts skip it. Set WEB_REBUILD=1 to force a rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const built = existsSync('web/out/index.html');
if (built && process.env.WEB_REBUILD !== '1') process.exit(0);
console.log('Building the web app (first start only, about a minute)…');
const r = spawnSync('npm', ['run', 'build', '--workspace', 'web'], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (r.status !== 0) {
  console.error('The web app failed to build; the API still starts, without the dashboard.');
}
