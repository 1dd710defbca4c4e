/**
 * Holds the layer lines of docs/architecture (style.md §1 and §12) mechanically, so nobody has to remember them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : files(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const source = files('src').map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }));
const imports = (text: string) => [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
const isTest = (path: string) => path.endsWith('.test.ts') || path.endsWith('.contract.ts');

test('domain imports nothing of ours outside domain', () => {
  const bad = source
    .filter((f) => f.path.startsWith('src/domain/'))
    .flatMap((f) =>
      imports(f.text)
        .filter((i) => i.startsWith('#') && !i.startsWith('#src/domain'))
        .map((i) => `${f.path} → ${i}`),
    );
  assert.deepEqual(bad, []);
});

/** The embedded composition: the platform's root and the simulators it wires in for the demo. */
const EMBEDDED_COMPOSITION = [
  'src/platform/create-platform.ts',
  'src/platform/sim-feed-sources.ts',
  'src/platform/fyers-demo-sim.ts',
];

test('src never imports sim/, except the embedded composition', () => {
  const bad = source
    .filter((f) => !isTest(f.path) && !EMBEDDED_COMPOSITION.includes(f.path))
    .flatMap((f) =>
      imports(f.text)
        .filter((i) => i.startsWith('#sim/'))
        .map((i) => `${f.path} → ${i}`),
    );
  assert.deepEqual(bad, []);
});

test('no broker folder imports another broker', () => {
  const bad = source
    .filter((f) => /^src\/brokers\/(?!contract\/)[^/]+\//.test(f.path))
    .flatMap((f) => {
      const own = f.path.split('/')[2];
      return imports(f.text)
        .filter((i) => /^#src\/brokers\/(?!contract)/.test(i) && !i.startsWith(`#src/brokers/${own}`))
        .map((i) => `${f.path} → ${i}`);
    });
  assert.deepEqual(bad, []);
});

test('domain and strategy code never reads the clock or the environment', () => {
  // The engine is infrastructure (it stamps wall-clock enqueue times for latency metrics); strategies are not.
  const pure = (p: string) =>
    p.startsWith('src/domain/') || (p.startsWith('src/strategies/') && !p.startsWith('src/strategies/engine/'));
  const bad = source
    .filter((f) => pure(f.path) && !isTest(f.path))
    .filter((f) => /Date\.now\(\)|new Date\(\)|process\.env/.test(f.text))
    .map((f) => f.path);
  assert.deepEqual(bad, []);
});

test('only the config module reads process.env', () => {
  const bad = source
    .filter((f) => !isTest(f.path) && !f.path.startsWith('src/platform/config/') && f.path !== 'src/main.ts')
    .filter((f) => /process\.env/.test(f.text))
    .map((f) => f.path);
  assert.deepEqual(bad, []);
});
