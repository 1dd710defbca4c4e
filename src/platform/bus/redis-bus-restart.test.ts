import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';
import { test } from 'node:test';
import { redisSkip, uniqueName } from '#test/support/services';
import { createRedisBus } from './index';

const PASSWORD = 'bus-test-secret-9f2c';
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const skip = (await redisSkip()) || (hasRedisServer ? false : 'SKIPPED: redis-server is not installed');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A private, password-protected server this test may kill without disturbing any other test. */
async function startRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--requirepass', PASSWORD], { stdio: 'ignore' });
  await waitUntil(() => canConnect(port));
  return child;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function waitUntil(isDone: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isDone())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('RedisBus consumer survives a Redis restart and reports errors without the password', { skip }, async () => {
  const port = await freePort();
  let server = await startRedis(port);
  const reports: string[] = [];
  const onError = (error: unknown, context: string) => reports.push(`${context}: ${String(error)}`);
  const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
  const bus = createRedisBus({ url, namespace: uniqueName('bus'), onError });
  const got: string[] = [];
  try {
    await bus.consume('s.restart', { group: 'g', consumer: 'c', blockMs: 200 }, async (e) => {
      got.push(String(e.message));
    });
    await bus.append('s.restart', 'before');
    await waitUntil(() => got.length === 1);
    server.kill('SIGKILL');
    await once(server, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // The new server starts empty: the consumer must recreate its group as well as reconnect.
    server = await startRedis(port);
    await bus.append('s.restart', 'after');
    await waitUntil(() => got.length === 2);
    assert.deepEqual(got, ['before', 'after']);
    assert.ok(reports.length > 0, 'the outage was not reported');
    assert.deepEqual(
      reports.filter((r) => r.includes(PASSWORD)),
      [],
    );
  } finally {
    await bus.close();
    server.kill('SIGKILL');
  }
});
