import type { Redis } from 'ioredis';
import type { Json } from '../bus';

/** Generous cap for `XADD MAXLEN ~`: far above a trading day of commands, yet bounded for a demo left running. */
const MAX_LENGTH = '1000000';
/** The one field of every entry; its value is the message as JSON. */
export const MESSAGE_FIELD = 'm';

/** Appends one entry and returns its id. */
export async function appendEntry(redis: Redis, key: string, message: Json): Promise<string> {
  const id = await redis.xadd(key, 'MAXLEN', '~', MAX_LENGTH, '*', MESSAGE_FIELD, JSON.stringify(message));
  if (id === null) throw new Error(`XADD to ${key} returned no id`);
  return id;
}

/**
 * XADDs every message (ARGV[2..]) to KEYS[1] with `MAXLEN ~ ARGV[1]`; returns the ids in order. One command for a
 * whole batch: a wave of 1,000 commands costs Redis one parse and the client one write instead of 1,000 of each,
 * and the batch is atomic (all appended or none).
 */
const APPEND_MANY_SCRIPT = `
local ids = {}
for i = 2, #ARGV do
  ids[i - 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', '${MESSAGE_FIELD}', ARGV[i])
end
return ids`;

/** Most entries one script call appends (keeps a single call's time on the server short). */
const APPEND_CHUNK = 2_000;

type ScriptedRedis = Redis & {
  busAppendMany(key: string, maxLength: string, ...messages: string[]): Promise<string[]>;
};

/** Registers the append script on a connection (ioredis runs it by EVALSHA, falling back to EVAL after a restart). */
export function defineStreamScripts(redis: Redis): void {
  redis.defineCommand('busAppendMany', { numberOfKeys: 1, lua: APPEND_MANY_SCRIPT });
}

/** Appends many entries with one script call per 2,000; ids come back in order. */
export async function appendEntries(redis: Redis, key: string, messages: readonly Json[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < messages.length; i += APPEND_CHUNK) {
    const texts = messages.slice(i, i + APPEND_CHUNK).map((m) => JSON.stringify(m));
    ids.push(...(await (redis as ScriptedRedis).busAppendMany(key, MAX_LENGTH, ...texts)).map(String));
  }
  return ids;
}

/** True for Redis's "no such key or consumer group" reply. */
export const isNoGroupError = (error: unknown) => error instanceof Error && error.message.startsWith('NOGROUP');

/** Creates the group at the stream's beginning (id 0), creating the stream too; an existing group is kept. */
export async function ensureGroup(redis: Redis, key: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', key, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
  }
}

/** Entries delivered to the group and not acknowledged; 0 when the stream or group does not exist. */
export async function countPending(redis: Redis, key: string, group: string): Promise<number> {
  try {
    const [count] = (await redis.xpending(key, group)) as [number, ...unknown[]];
    return Number(count);
  } catch (error) {
    if (isNoGroupError(error)) return 0;
    throw error;
  }
}

/** One entry as XREADGROUP and XAUTOCLAIM return it: id and flat field/value list. */
export type RawEntry = [id: string, fields: string[] | null];

/** Entries of the single stream of an XREADGROUP reply (null when the block timed out). */
export function entriesOfRead(reply: unknown): RawEntry[] {
  const streams = reply as [key: string, entries: RawEntry[]][] | null;
  return streams?.[0]?.[1] ?? [];
}

/** The message of an entry; throws on an entry this bus did not write, so it is reported and left pending. */
export function decodeMessage(fields: string[] | null): Json {
  const at = fields?.indexOf(MESSAGE_FIELD) ?? -1;
  const text = at >= 0 && at % 2 === 0 ? fields?.[at + 1] : undefined;
  if (text === undefined) throw new Error(`stream entry has no "${MESSAGE_FIELD}" field`);
  return JSON.parse(text) as Json;
}
