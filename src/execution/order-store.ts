import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { canTransition, type OrderStatus } from '#src/domain/order';
import type { Clock } from '#src/platform/clock';
import { type Db, tables } from '#src/platform/db';
import { coalesce } from './batching';

const { orders, orderSlices } = tables;

/** An order row as the store holds it. */
export type OrderRow = typeof orders.$inferSelect;

/** Moves an order row along the transition table; undefined when another handler moved it first. */
export type OrderMove = (o: OrderRow, to: OrderStatus, set?: Partial<OrderRow>) => Promise<OrderRow | undefined>;

/** Most rows one batched move statement carries. */
const MAX_MOVE_BATCH = 500;

interface MoveRequest {
  readonly o: OrderRow;
  readonly to: OrderStatus;
  readonly set: Readonly<Record<string, unknown>>;
  readonly resolve: (row: OrderRow | undefined) => void;
  readonly reject: (error: unknown) => void;
}

const columns = getTableColumns(orders);
type ColumnKey = keyof typeof columns;
/** Columns a move sets itself, never taken from `set`. */
const OWN = new Set<string>(['status', 'updatedAt']);
/** The columns a move sets from `set`, in a stable order (drizzle skips undefined values; so does a batch). */
const keysOf = (set: Readonly<Record<string, unknown>>) =>
  Object.keys(set)
    .filter((k) => set[k] !== undefined && !OWN.has(k) && k in columns)
    .sort() as ColumnKey[];

/**
 * Compare-and-set on (status, updatedAt): of two handlers holding the same row, exactly one wins each move, even a
 * same-status move (a resend from SUBMITTED), so two executors can never both send the same order.
 *
 * Moves requested in the same event-loop turn (a signal wave: hundreds of NEW → SUBMITTED, then of SUBMITTED →
 * FILLED) are written by one multi-row `UPDATE … FROM (VALUES …)` per set of columns, each row keeping its own
 * compare-and-set condition, so each caller still learns whether its move won. Two moves of the same row are
 * never in one statement, nor in two running at once: the later waits and then compares against what the first
 * wrote, exactly as two separate statements would.
 */
export function createOrderMove(db: Db, clock: Clock): OrderMove {
  const updatedAtFor = (o: OrderRow) => Math.max(clock.now(), o.updatedAt + 1);

  const one = async (r: MoveRequest) => {
    const [row] = await db
      .update(orders)
      .set({ ...r.set, status: r.to, updatedAt: updatedAtFor(r.o) })
      .where(and(eq(orders.id, r.o.id), eq(orders.status, r.o.status), eq(orders.updatedAt, r.o.updatedAt)))
      .returning();
    return row ? [row] : [];
  };

  /**
   * One statement for many rows: the rows travel as one JSON parameter (so the statement's text and the work of
   * building it do not grow with the batch), typed by `jsonb_to_recordset`'s column list.
   */
  const many = (rs: readonly MoveRequest[], keys: readonly ColumnKey[]) => {
    const rows = rs.map((r) => {
      const row: unknown[] = [r.o.id, r.o.status, r.o.updatedAt, r.to, updatedAtFor(r.o)];
      for (const k of keys) row.push(r.set[k] == null ? null : columns[k].mapToDriverValue(r.set[k]));
      return Object.fromEntries(row.map((v, i) => [`c${i}`, v]));
    });
    const types = ['uuid', 'text', 'bigint', 'text', 'bigint', ...keys.map((k) => columns[k].getSQLType())];
    const shape = types.map((t, i) => `c${i} ${t}`).join(', ');
    const source = sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(${sql.raw(shape)})`;
    const set: Record<string, SQL> = { status: sql.raw('v.c3'), updatedAt: sql.raw('v.c4') };
    keys.forEach((k, i) => {
      set[k] = sql.raw(`v.c${i + 5}`);
    });
    return db
      .update(orders)
      .set(set)
      .from(source)
      .where(
        and(eq(orders.id, sql.raw('v.c0')), eq(orders.status, sql.raw('v.c1')), eq(orders.updatedAt, sql.raw('v.c2'))),
      )
      .returning(columns);
  };

  let queue: MoveRequest[] = [];
  let scheduled = false;
  /** Rows in a statement now running: a further move of one waits for it. */
  const busy = new Set<string>();

  /** Flushes on the next turn when some queued move can go (`ready`: the caller knows one can). */
  const schedule = (ready = false) => {
    if (scheduled || !(ready || queue.some((r) => !busy.has(r.o.id)))) return;
    scheduled = true;
    setImmediate(flush);
  };

  const run = (group: readonly MoveRequest[], keys: readonly ColumnKey[]) => {
    for (const r of group) busy.add(r.o.id);
    (group.length === 1 ? one(group[0] as MoveRequest) : many(group, keys))
      .then(
        (rows) => {
          const won = new Map(rows.map((row) => [row.id, row]));
          for (const r of group) r.resolve(won.get(r.o.id));
        },
        (error: unknown) => {
          for (const r of group) r.reject(error);
        },
      )
      .finally(() => {
        for (const r of group) busy.delete(r.o.id);
        schedule();
      });
  };

  function flush() {
    scheduled = false;
    const taken = new Set<string>();
    const groups = new Map<string, { keys: ColumnKey[]; rs: MoveRequest[] }>();
    const later: MoveRequest[] = [];
    for (const r of queue) {
      if (busy.has(r.o.id) || taken.has(r.o.id) || taken.size >= MAX_MOVE_BATCH) {
        later.push(r);
        continue;
      }
      taken.add(r.o.id);
      const keys = keysOf(r.set);
      const sig = keys.join(',');
      const g = groups.get(sig);
      if (g) g.rs.push(r);
      else groups.set(sig, { keys, rs: [r] });
    }
    queue = later;
    for (const g of groups.values()) run(g.rs, g.keys);
    schedule();
  }

  return (o, to, set = {}) => {
    if (o.status !== to && !canTransition(o.status as OrderStatus, to)) return Promise.resolve(undefined);
    return new Promise<OrderRow | undefined>((resolve, reject) => {
      queue.push({ o, to, set, resolve, reject });
      schedule(!busy.has(o.id));
    });
  };
}

/** The parent of a slice, if `orderId` is one. */
export async function parentOf(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [link] = await db.select().from(orderSlices).where(eq(orderSlices.childOrderId, orderId));
  if (!link) return undefined;
  const [parent] = await db.select().from(orders).where(eq(orders.id, link.parentOrderId));
  return parent;
}

/** The children of a sliced order, in slice order (empty for an order that was not sliced). */
export async function childrenOf(db: Db, orderId: string): Promise<OrderRow[]> {
  const rows = await db
    .select({ o: orders, i: orderSlices.sliceIndex })
    .from(orderSlices)
    .innerJoin(orders, eq(orders.id, orderSlices.childOrderId))
    .where(eq(orderSlices.parentOrderId, orderId));
  return rows.sort((a, b) => a.i - b.i).map((r) => r.o);
}

/** `column IN (ids)` with the ids as one JSON parameter, however many there are. */
export const anyOf = (column: AnyPgColumn, ids: readonly string[]) =>
  sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/** An order with its broker account's row, read together. */
export interface OrderWithAccount {
  readonly order: OrderRow;
  readonly account: typeof tables.brokerAccounts.$inferSelect | null;
}

/**
 * `loadOrder` for many concurrent handlers, with each order's broker account (the command path routes every order
 * it loads): the ids asked for in the same event-loop turn are read by one query.
 */
export function createOrderWithAccountLoader(db: Db): (orderId: string) => Promise<OrderWithAccount | undefined> {
  const { brokerAccounts } = tables;
  return coalesce(async (ids) => {
    const rows = await db
      .select({ order: orders, account: brokerAccounts })
      .from(orders)
      .leftJoin(brokerAccounts, eq(brokerAccounts.id, orders.accountId))
      .where(anyOf(orders.id, ids));
    return new Map(rows.map((r) => [r.order.id, r]));
  });
}

export async function loadOrder(db: Db, orderId: string): Promise<OrderRow | undefined> {
  const [o] = await db.select().from(orders).where(eq(orders.id, orderId));
  return o;
}
