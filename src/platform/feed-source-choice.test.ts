import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Tick } from '#src/domain/market/tick';
import { loadConfig } from './config';
import { createPlatform } from './create-platform';

test('FEED_SOURCE picks the feed source: the simulated exchange, a recorded tick file, or a broker account', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mynrobo-replay-')), 'ticks.csv');
  writeFileSync(file, 'ts,id,ltp,bid,ask,volume\n1000,NSE_INDEX:NIFTY,24000.5,24000.5,24000.5,0\n');
  const config = loadConfig({
    DATA_DIR: ':memory:',
    LOG_LEVEL: 'silent',
    FEED_SOURCE: 'replay',
    FEED_REPLAY_FILE: file,
  });
  const platform = await createPlatform(config);
  try {
    const replay = platform.createFeedSource();
    assert.equal(replay.name, 'replay');
    const got: Tick[] = [];
    await replay.start((ticks) => got.push(...ticks));
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await replay.stop();
    assert.deepEqual(
      got.map((t) => [t.id, t.ltp]),
      [['NSE_INDEX:NIFTY', 2_400_050]],
    );
    assert.equal(platform.createFeedSource({ kind: 'sim' }).name, 'sim');
    const broker = platform.createFeedSource({ kind: 'broker', accountId: '5d6f3c1e-8a3b-4f7e-9c2d-1b0a9e8d7c6b' });
    assert.equal(broker.name, 'broker');
    // An account that does not exist: the source starts, says why it has no data, and keeps retrying.
    await broker.start(() => {});
    try {
      for (let i = 0; i < 200 && !broker.status?.().reason; i++) await new Promise((r) => setTimeout(r, 10));
      assert.match(broker.status?.().reason ?? '', /broker account .* does not exist/);
      assert.notEqual(broker.status?.().state, 'LIVE');
    } finally {
      await broker.stop();
    }
  } finally {
    await platform.close();
  }
});
