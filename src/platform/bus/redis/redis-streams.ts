import type { Redis } from 'ioredis';
import type { Json } from '../bus';
import { firstPipelineError } from './redis-kv';

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

/** Appends many entries in one pipeline; ids come back in order. */
export async function appendEntries(redis: Redis, key: string, messages: readonly Json[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const m of messages) pipeline.xadd(key, 'MAXLEN', '~', MAX_LENGTH, '*', MESSAGE_FIELD, JSON.stringify(m));
  const results = await pipeline.exec();
  const error = firstPipelineError(results);
  if (error) throw error;
  return (results ?? []).map(([, id]) => String(id));
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
