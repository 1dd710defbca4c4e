import { and, asc, eq, ilike, type SQL } from 'drizzle-orm';
import type { ContractRow, InstrumentId, Segment } from '#src/domain/instrument';
import { type Db, tables } from '#src/platform/db';

const { instruments, brokerSymbols } = tables;

/** A catalog row as the store keeps it. */
export interface StoredInstrument {
  readonly instrumentId: InstrumentId;
  readonly underlying: string;
  readonly segment: Segment;
  readonly expiry: string | null;
  readonly strike: number | null;
  readonly optionType: 'CE' | 'PE' | null;
  readonly lotSize: number;
  readonly tickSizePaise: number;
  readonly freezeQty: number | null;
}

/** A broker's names for one instrument. */
export interface BrokerSymbol {
  readonly broker: string;
  readonly brokerSymbol: string;
  readonly token: string;
  readonly exchangeCode: string | null;
}

/** Filters for an instrument search; `text` matches anywhere in the id, case-insensitively. */
export interface InstrumentQuery {
  readonly text?: string | undefined;
  readonly underlying?: string | undefined;
  readonly segment?: Segment | undefined;
  readonly expiry?: string | undefined;
  readonly optionType?: 'CE' | 'PE' | undefined;
  readonly limit: number;
}

const toStored = (r: typeof instruments.$inferSelect): StoredInstrument => ({
  ...r,
  instrumentId: r.instrumentId as InstrumentId,
  segment: r.segment as Segment,
  optionType: r.optionType as StoredInstrument['optionType'],
});

/** Every catalog row, for building the in-memory InstrumentCatalog. */
export async function readCatalogRows(db: Db): Promise<ContractRow[]> {
  const rows = await db
    .select({
      instrumentId: instruments.instrumentId,
      lotSize: instruments.lotSize,
      tickSizePaise: instruments.tickSizePaise,
      freezeQty: instruments.freezeQty,
    })
    .from(instruments);
  return rows.map((r) => ({ ...r, instrumentId: r.instrumentId as InstrumentId, freezeQty: r.freezeQty ?? undefined }));
}

/** Instruments matching the query, ordered by id. */
export async function searchInstruments(db: Db, q: InstrumentQuery): Promise<StoredInstrument[]> {
  // LIKE wildcards in user text are matched literally.
  const text = q.text?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const filters: Array<SQL | undefined> = [
    text ? ilike(instruments.instrumentId, `%${text}%`) : undefined,
    q.underlying ? eq(instruments.underlying, q.underlying) : undefined,
    q.segment ? eq(instruments.segment, q.segment) : undefined,
    q.expiry ? eq(instruments.expiry, q.expiry) : undefined,
    q.optionType ? eq(instruments.optionType, q.optionType) : undefined,
  ];
  const rows = await db
    .select()
    .from(instruments)
    .where(and(...filters))
    .orderBy(asc(instruments.instrumentId))
    .limit(q.limit);
  return rows.map(toStored);
}

/** One instrument with every broker's names for it; undefined when not listed. */
export async function findInstrument(
  db: Db,
  id: InstrumentId,
): Promise<{ instrument: StoredInstrument; brokers: BrokerSymbol[] } | undefined> {
  const [row] = await db.select().from(instruments).where(eq(instruments.instrumentId, id));
  if (!row) return undefined;
  const brokers = await db
    .select({
      broker: brokerSymbols.broker,
      brokerSymbol: brokerSymbols.brokerSymbol,
      token: brokerSymbols.token,
      exchangeCode: brokerSymbols.exchangeCode,
    })
    .from(brokerSymbols)
    .where(eq(brokerSymbols.instrumentId, id))
    .orderBy(asc(brokerSymbols.broker));
  return { instrument: toStored(row), brokers };
}

/** Underlyings with at least one listed row. */
export async function listedUnderlyings(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ u: instruments.underlying }).from(instruments).orderBy(instruments.underlying);
  return rows.map((r) => r.u);
}
