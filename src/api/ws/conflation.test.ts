import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument';
import type { Tick } from '#src/domain/market/tick';
import type { Paise } from '#src/domain/money/paise';
import { createLtpGroups, createQuoteBoard } from './conflation';

const A = 'NFO:NIFTY:2026-12-08:CE:24000' as InstrumentId;
const B = 'NFO:NIFTY:2026-12-08:PE:24000' as InstrumentId;
const tick = (id: InstrumentId, ltp: number, ts = ltp): Tick => ({
  id,
  ltp: ltp as Paise,
  bid: ltp as Paise,
  ask: ltp as Paise,
  volume: 0,
  ts,
});
const quotes = (f: Buffer | undefined) =>
  f === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries((JSON.parse(f.toString()) as { quotes: Record<string, { ltpPaise: number }> }).quotes).map(
          ([id, q]) => [id, q.ltpPaise],
        ),
      );

test('a client is sent every quote changed since its own last send, whenever its pass comes', () => {
  const board = createQuoteBoard({ isStale: () => false });
  const groups = createLtpGroups(board);
  const g = groups.join([A, B], () => 0);
  board.update([tick(A, 100), tick(B, 200)]);
  // Client 1 is served in pass 1; client 2 has not been served since the start (since 0).
  const first = g.partial(1, 0, 1);
  assert.deepEqual(quotes(first), { [A]: 100, [B]: 200 });
  const since1 = board.seq();
  board.update([tick(A, 101)]);
  board.update([tick(A, 102)]);
  assert.deepEqual(quotes(g.partial(2, since1, 2)), { [A]: 102 }, 'only what changed, the latest value');
  const since2 = board.seq();
  assert.equal(g.partial(3, since2, 3), undefined, 'nothing changed: no frame');
  assert.deepEqual(quotes(g.partial(3, 0, 3)), { [A]: 102, [B]: 200 }, 'a client behind gets everything since');
  board.update([tick(B, 150, 1)]);
  assert.equal(g.partial(4, since2, 4), undefined, 'an older tick does not replace a newer value');
});

test('members served in the same pass share one encoded frame; the snapshot carries every known quote', () => {
  const board = createQuoteBoard({ isStale: (id) => id === B });
  const groups = createLtpGroups(board);
  const g1 = groups.join([B, A], () => 3);
  const g2 = groups.join([A, B, A], () => 7);
  assert.equal(g1, g2, 'the same instruments are one group whatever the order');
  assert.equal(g1.slice, 3, 'placed where its first member asked');
  board.update([tick(A, 100)]);
  const f1 = g1.partial(5, 0, 10);
  assert.equal(g1.partial(5, 0, 10), f1, 'the same Buffer for every member of the pass');
  const snap = JSON.parse(g1.snapshot(5, 10).toString()) as { snapshot: boolean; quotes: Record<string, unknown> };
  assert.equal(snap.snapshot, true);
  assert.deepEqual(Object.keys(snap.quotes), [A]);
  board.update([tick(B, 200)]);
  const stale = JSON.parse(g1.partial(6, 0, 11)?.toString() ?? '{}') as {
    quotes: Record<string, { isStale: boolean }>;
  };
  assert.equal(stale.quotes[B]?.isStale, true);
  assert.equal(stale.quotes[A]?.isStale, false);
  groups.leave(g1);
  groups.leave(g2);
  assert.equal(groups.size(), 0);
});
