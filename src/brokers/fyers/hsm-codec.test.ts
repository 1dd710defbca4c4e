/** HSM frames built byte by byte from reference/brokers.md §1.6 (not with the codec under test). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InstrumentId } from '#src/domain/instrument/instrument-id';
import { indexToTick, scripToTick } from './feed';
import { createHsmDecoder, encodeAck, encodeAuth, encodeChannels, encodeMode, encodeTopics } from './hsm-codec';
import { DEFAULT_LAYOUT, feedTopic, scripTopic } from './hsm-fields';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const i32 = (n: number) => {
  const u = n < 0 ? n + 2 ** 32 : n;
  return [Math.floor(u / 2 ** 24) & 0xff, (u >> 16) & 0xff, (u >> 8) & 0xff, u & 0xff];
};
const NULL = -2147483648;
const TOPIC = 'sf|nse_fo|35426';
const ID = 'NFO:NIFTY:2026-12-01:CE:24000' as InstrumentId;

/** 21 scrip values in §1.6 field order. */
function sfValues(ltp: number, bid: number, ask: number, vol: number, feedS: number): number[] {
  const v = [ltp, vol, feedS - 1, feedS, 150, 225, bid, ask, 65, NULL, NULL, 10001, 123456, 9800, 10100];
  return [...v, NULL, NULL, 500, 20000, 9900, 9950];
}

/** A data frame; `seq` undefined when the auth reply announced no ack interval (no message number then). */
function dataFrame(seq: number | undefined, scrips: number[][]): Buffer {
  const body = [6, ...(seq === undefined ? [] : i32(seq)), ...u16(scrips.length), ...scrips.flat()];
  return Buffer.from([...u16(body.length), ...body]);
}

/** The auth reply: status "K", then (optionally) the ack interval and a JSON field map. */
function authReply(ackEvery?: number, fieldMap?: string): Buffer {
  const fields = [[1, ...u16(1), ...ascii('K')]];
  if (ackEvery !== undefined) fields.push([2, ...u16(4), ...i32(ackEvery)]);
  if (fieldMap !== undefined) fields.push([3, ...u16(fieldMap.length), ...ascii(fieldMap)]);
  const body = [1, fields.length, ...fields.flat()];
  return Buffer.from([...u16(body.length), ...body]);
}

function snapshot(topicId: number, values: number[], multiplier = 1, precision = 2): number[] {
  const strings = ['NSE', '35426', 'NSE:NIFTY26D0124000CE'].flatMap((s) => [s.length, ...ascii(s)]);
  const head = [83, ...u16(topicId), TOPIC.length, ...ascii(TOPIC), values.length, ...values.flatMap(i32)];
  return [...head, 0, 0, ...u16(multiplier), precision, ...strings];
}

describe('HSM client frames (reference §1.6)', () => {
  test('encodes the auth frame: length, type 1, four fields (hsm_key, "P", 1, source)', () => {
    const want = [
      0x00,
      0x16,
      0x01,
      0x04,
      1,
      0,
      3,
      ...ascii('abc'),
      2,
      0,
      1,
      ...ascii('P'),
      3,
      0,
      1,
      1,
      4,
      0,
      3,
      ...ascii('MYN'),
    ];
    assert.deepEqual([...encodeAuth('abc', 'MYN')], want);
  });

  test('encodes a subscription: type 4, the topic list with counts and lengths, channel 11', () => {
    const list = [...u16(1), TOPIC.length, ...ascii(TOPIC)];
    const body = [4, 2, 1, ...u16(list.length), ...list, 2, 0, 1, 11];
    assert.deepEqual([...encodeTopics(4, [TOPIC])], [...u16(body.length), ...body]);
  });

  test('encodes channel resume and full mode as the official client sends them for channel 11', () => {
    // Frames captured from the fyers-api-v3 client talking to the simulator.
    assert.equal(encodeChannels(8, [11]).toString('hex'), '000d0801010008' + '0000000000000800');
    assert.equal(encodeMode([11], 'F').toString('hex'), '00110c02010008' + '0000000000000800' + '02000146');
  });

  test('builds quote topics from fytokens: segment from the first four digits, exchange token after ten', () => {
    assert.equal(scripTopic('101126120135426'), TOPIC);
    assert.equal(scripTopic('10100000001594'), 'sf|nse_cm|1594');
    assert.equal(scripTopic('1120261218472789'), 'sf|mcx_fo|472789');
    assert.equal(scripTopic('1211261203845001'), 'sf|bse_fo|845001');
    assert.equal(scripTopic('9999000000001'), undefined);
  });

  test('uses index topics by name for the F&O indices', () => {
    assert.equal(feedTopic('NSE:NIFTY50-INDEX', '101000000026000'), 'if|nse_cm|Nifty 50');
    assert.equal(feedTopic('BSE:SENSEX-INDEX', '121000000000001'), 'if|bse_cm|SENSEX');
    assert.equal(feedTopic('NSE:NIFTY26D0124000CE', '101126120135426'), TOPIC);
  });
});

describe('HSM server frames (reference §1.6, details as the official npm client reads them)', () => {
  test('reads the auth answer: status, ack interval and field map; and a bare status', () => {
    const d = createHsmDecoder();
    assert.deepEqual(d.decode(authReply(10)), { kind: 'ack', type: 1, ok: true, ackEvery: 10 });
    assert.deepEqual(d.decode(Buffer.from([0, 6, 1, 1, 1, 0, 1, 0x4e])), {
      kind: 'ack',
      type: 1,
      ok: false,
      ackEvery: 0,
    });
    assert.deepEqual(d.decode(Buffer.from([0, 6, 4, 1, 1, 0, 1, 0x4b])), {
      kind: 'ack',
      type: 4,
      ok: true,
      ackEvery: 0,
    });
  });

  test('acknowledges a message number as type 3 with one 4-byte field', () => {
    assert.deepEqual([...encodeAck(0x01020304)], [0, 9, 3, 1, 1, 0, 4, 1, 2, 3, 4]);
  });

  test('with an ack interval, reads the message number at [3:7] and the scrip count at [7:9]', () => {
    const d = createHsmDecoder();
    d.decode(authReply(10));
    const feedS = 1_795_000_000;
    const snap = d.decode(dataFrame(41, [snapshot(7, sfValues(10005, 10000, 10010, 4200, feedS))]));
    assert.equal(snap.kind === 'data' && snap.messageNumber, 41);
    const s = snap.kind === 'data' ? snap.scrips[0] : undefined;
    assert.equal(s?.topic, TOPIC);
    assert.deepEqual(s && scripToTick(s, ID, 0), {
      id: ID,
      ltp: 10005,
      bid: 10000,
      ask: 10010,
      volume: 4200,
      ts: feedS * 1000,
    });

    const changed = Array(21).fill(NULL);
    changed[0] = 10020;
    changed[1] = 4265;
    const upd = d.decode(dataFrame(42, [[85, ...u16(7), 21, ...changed.flatMap(i32)]]));
    const u = upd.kind === 'data' ? upd.scrips[0] : undefined;
    assert.deepEqual(u && scripToTick(u, ID, 0), {
      id: ID,
      ltp: 10020,
      bid: 10000,
      ask: 10010,
      volume: 4265,
      ts: feedS * 1000,
    });

    const lite = d.decode(dataFrame(43, [[76, ...u16(7), ...i32(10030)]]));
    const l = lite.kind === 'data' ? lite.scrips[0] : undefined;
    assert.equal(l && scripToTick(l, ID, 0)?.ltp, 10030);
  });

  test('without an ack interval, reads the scrip count at [3:5]', () => {
    const d = createHsmDecoder();
    d.decode(Buffer.from([0, 6, 1, 1, 1, 0, 1, 0x4b]));
    const msg = d.decode(dataFrame(undefined, [snapshot(2, sfValues(500, 495, 505, 1, 1))]));
    assert.equal(msg.kind === 'data' ? msg.messageNumber : -1, undefined);
    const s = msg.kind === 'data' ? msg.scrips[0] : undefined;
    assert.equal(s && scripToTick(s, ID, 0)?.ltp, 500);
  });

  test('locates values by the field map when the server sends one', () => {
    const d = createHsmDecoder();
    const map = JSON.stringify({
      fields: [
        { fid: 'a', fld: 'bp' },
        { fid: 'b', fld: 'ltp' },
        { fid: 'c', fld: 'sp' },
      ],
      scrip: ['a', 'b', 'c'],
    });
    d.decode(authReply(5, map));
    assert.deepEqual(d.layout().scrip, { ...DEFAULT_LAYOUT, bid: 0, ltp: 1, ask: 2 });
    const msg = d.decode(dataFrame(1, [snapshot(3, [990, 1000, 1010])]));
    const s = msg.kind === 'data' ? msg.scrips[0] : undefined;
    const t = s && scripToTick(s, ID, 7, d.layout().scrip);
    assert.deepEqual([t?.ltp, t?.bid, t?.ask], [1000, 990, 1010]);
  });

  test('decodes an index snapshot (if topic) into a tick with bid = ask = LTP', () => {
    const d = createHsmDecoder();
    d.decode(authReply(10));
    const name = 'if|nse_cm|Nifty 50';
    const values = [2_412_345, 2_400_000, 1_795_000_000, 2_420_000, 2_401_000, 2_405_000];
    const block = [
      83,
      ...u16(5),
      name.length,
      ...ascii(name),
      values.length,
      ...values.flatMap(i32),
      0,
      0,
      ...u16(1),
      2,
    ];
    const strings = ['NSE', '26000', 'NSE:NIFTY50-INDEX'].flatMap((x) => [x.length, ...ascii(x)]);
    const msg = d.decode(dataFrame(1, [[...block, ...strings]]));
    const s = msg.kind === 'data' ? msg.scrips[0] : undefined;
    const idx = 'NSE_INDEX:NIFTY' as InstrumentId;
    assert.deepEqual(s && indexToTick(s, idx, 0, d.layout().index), {
      id: idx,
      ltp: 2_412_345,
      bid: 2_412_345,
      ask: 2_412_345,
      volume: 0,
      ts: 1_795_000_000_000,
    });
  });

  test('scales prices by multiplier × 10^precision and ignores updates for topics never snapshotted', () => {
    const d = createHsmDecoder();
    d.decode(authReply(10));
    const frame = dataFrame(1, [
      snapshot(9, sfValues(840025, 840000, 840050, 0, 1), 1, 4),
      [85, ...u16(99), 1, ...i32(5)],
    ]);
    const msg = d.decode(frame);
    assert.equal(msg.kind === 'data' ? msg.scrips.length : -1, 1);
    const s = msg.kind === 'data' ? msg.scrips[0] : undefined;
    assert.equal(s && scripToTick(s, ID, 0)?.ltp, 8400);
  });

  test('gives no tick while the LTP is null, and throws RangeError on a truncated frame', () => {
    const d = createHsmDecoder();
    d.decode(authReply(10));
    const msg = d.decode(dataFrame(1, [snapshot(3, sfValues(NULL, 1, 2, 0, 1))]));
    const s = msg.kind === 'data' ? msg.scrips[0] : undefined;
    assert.equal(s && scripToTick(s, ID, 0), undefined);
    const full = dataFrame(1, [snapshot(4, sfValues(1, 1, 2, 0, 1))]);
    assert.throws(() => d.decode(full.subarray(0, 40)), RangeError);
  });
});
