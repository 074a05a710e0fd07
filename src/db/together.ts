// Several reads of one screen in one statement. Each part is a subquery that returns JSON (a list or a single
// row); the parts' rows are decoded with their columns' own driver mappings, so they come back exactly as a
// separate select would return them. A busy page costs one round trip instead of one per list: at national
// scale the per-query cost (protocol, syscalls, query building) outweighed the queries themselves.
import { Column, is, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { answersByKey, batched } from './batched.js';
import { keysParameter } from './keys.js';
import { rowsOf } from './rows.js';
import { once, prepared, type Placeholders } from './prepared.js';

/** The fields of a row: a column keeps its type and driver mapping, an SQL expression is taken as its JSON. */
export type Fields = Record<string, Column | SQL<unknown>>;

type FieldValue<F> = F extends Column ? (F['_']['notNull'] extends true ? F['_']['data'] : F['_']['data'] | null) : F extends SQL<infer T> ? T : never;
export type RowOf<F extends Fields> = { [K in keyof F]: FieldValue<F[K]> };

/** Rows from a FROM … WHERE clause, in an order, perhaps limited. */
export interface Source<F extends Fields> {
  fields: F;
  /** FROM and WHERE (and any JOIN), without the keyword SELECT. */
  from: SQL;
  orderBy?: SQL;
  limit?: number;
  /** A number, or a placeholder of a statement compiled once. */
  offset?: number | Placeholder;
}

interface Part<T> {
  sql: SQL;
  decode(json: unknown): T;
}

// json_build_object takes at most 100 arguments: 50 fields.
const MAX_FIELDS = 50;

function objectOf(fields: Fields): SQL {
  const entries = Object.entries(fields);
  if (entries.length > MAX_FIELDS) throw new Error(`at most ${MAX_FIELDS} fields can be read together`);
  return sql`json_build_object(${sql.join(
    entries.map(([key, field]) => sql`${sql.raw(`'${key.replace(/'/g, "''")}'`)}, ${field}`),
    sql`, `,
  )})`;
}

/** Decodes a row's JSON; which fields need their column's mapping is worked out once per source. */
function rowDecoder<F extends Fields>(fields: F): (json: Record<string, unknown>) => RowOf<F> {
  // JSON columns arrive already parsed; mapping them again would parse a JSON string value a second time.
  const mapped = Object.entries(fields).map(([key, field]) => [key, is(field, Column) && field.dataType !== 'json' ? field : null] as const);
  return (json) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of mapped) {
      const value = json[key] ?? null;
      row[key] = value !== null && column ? column.mapFromDriverValue(value) : value;
    }
    return row as RowOf<F>;
  };
}

function ordered<F extends Fields>(source: Source<F>): SQL {
  return sql`SELECT ${objectOf(source.fields)} AS j, row_number() OVER (${source.orderBy ? sql`ORDER BY ${source.orderBy}` : sql``}) AS n FROM ${source.from}${
    source.orderBy ? sql` ORDER BY ${source.orderBy}` : sql``
  }${source.limit !== undefined ? sql` LIMIT ${sql.raw(String(Math.trunc(source.limit)))}` : sql``}${
    // A parameter, so that each page of a list is the same statement.
    source.offset ? sql` OFFSET ${typeof source.offset === 'number' ? Math.trunc(source.offset) : source.offset}` : sql``
  }`;
}

/**
 * The rows of a select as a JSON list, in the order of its column `n` (a row_number over its ORDER BY): each row
 * whole, or only its column `only`.
 */
export function jsonList(select: SQL, only?: 'j'): SQL {
  return sql`SELECT coalesce(json_agg(${sql.raw(only ? `t.${only}` : 't')} ORDER BY t.n), '[]'::json) FROM (${select}) t`;
}

/** Every row of the source, in its order. */
export function list<F extends Fields>(source: Source<F>): Part<RowOf<F>[]> {
  const decodeRow = rowDecoder(source.fields);
  return {
    sql: sql`(${jsonList(ordered(source), 'j')})`,
    decode: (json) => (json as Record<string, unknown>[]).map(decodeRow),
  };
}

/** The first row of the source, or null. */
export function first<F extends Fields>(source: Source<F>): Part<RowOf<F> | null> {
  const decodeRow = rowDecoder(source.fields);
  return {
    sql: sql`(SELECT t.j FROM (${ordered({ ...source, limit: 1 })}) t)`,
    decode: (json) => (json === null ? null : decodeRow(json as Record<string, unknown>)),
  };
}

/** A single value computed by a select that returns JSON (a count, an object built in SQL, a `jsonList`). */
export function value<T>(expression: SQL<T>): Part<T> {
  return { sql: sql`(${expression})`, decode: (json) => json as T };
}

type Parts = Record<string, Part<unknown>>;
type Results<P extends Parts> = { [K in keyof P]: P[K] extends Part<infer T> ? T : never };

function statementOf(parts: Parts, from?: SQL, key?: SQL): SQL {
  return sql`SELECT ${key ? sql`${key} AS k, ` : sql``}${sql.join(
    Object.values(parts).map((part, i) => sql`${part.sql} AS ${sql.raw(`p${i}`)}`),
    sql`, `,
  )}${from ? sql` FROM ${from}` : sql``}`;
}

function decoded<P extends Parts>(parts: P, row: Record<string, unknown> | undefined): Results<P> {
  return Object.fromEntries(Object.entries(parts).map(([name, part], i) => [name, part.decode(row?.[`p${i}`] ?? null)])) as Results<P>;
}

/** Runs the parts as one statement and decodes each (node-postgres and PGlite both hand back json parsed). */
export async function readTogether<P extends Parts>(db: Db, parts: P): Promise<Results<P>> {
  const [row] = rowsOf<Record<string, unknown>>(await db.execute(statementOf(parts)));
  return decoded(parts, row);
}

/**
 * A screen's combined read built and compiled once, its values bound by placeholder on each call: for the reads
 * made on every view of a busy page. The parts' SQL must have one shape whatever the values (a null simply
 * matches nothing). With `from`, the parts are read for the one row it selects (they may refer to its columns),
 * and the result is null when it selects none.
 */
export function preparedTogether<K extends string, P extends Parts>(
  build: (p: Placeholders<K>) => P,
  from?: (p: Placeholders<K>) => SQL,
): (db: Db, values: Record<K, unknown>) => Promise<Results<P> | null> {
  const parts = once(build);
  const statement = prepared((p: Placeholders<K>) => statementOf(parts(), from?.(p)));
  return async (db, values) => {
    const [row] = await statement<Record<string, unknown>>(db, values);
    return row ? decoded(parts(), row) : null;
  };
}

/**
 * A combined read of the one row a key selects, where the reads of requests arriving together are made by one
 * statement (db/batched.ts): `from` selects the rows of the placeholder `keys` (with `inKeys`, db/keys.ts), `key`
 * is a row's key, and the parts may refer to the row's columns. Each caller gets the parts of its own key, or null
 * when there is no such row. Only outside a transaction: a transaction reads on its own connection, which it must
 * not share.
 */
export function preparedTogetherByKey<P extends Parts>(build: () => P, from: (p: Placeholders<'keys'>) => SQL, key: SQL): (db: Db, key: string) => Promise<Results<P> | null> {
  const parts = once(build);
  const statement = prepared((p: Placeholders<'keys'>) => statementOf(parts(), from(p), key));
  const readers = new WeakMap<Db, (key: string) => Promise<Results<P> | null>>();
  const readerOn = (db: Db) =>
    batched(async (keys: string[]) => {
      const rows = await statement<Record<string, unknown>>(db, { keys: keysParameter(keys) });
      const found = new Map(rows.map((row) => [String(row.k), row]));
      return answersByKey(keys, found).map((row) => (row ? decoded(parts(), row) : null));
    });
  return (db, key) => {
    if (is(db, PgTransaction)) throw new Error('preparedTogetherByKey reads outside a transaction');
    let read = readers.get(db);
    if (!read) readers.set(db, (read = readerOn(db)));
    return read(key);
  };
}

/** The rows of one source, read on their own. */
export async function readList<F extends Fields>(db: Db, source: Source<F>): Promise<RowOf<F>[]> {
  return (await readTogether(db, { rows: list(source) })).rows;
}

/** The first row of one source, read on its own. */
export async function readFirst<F extends Fields>(db: Db, source: Source<F>): Promise<RowOf<F> | null> {
  return (await readTogether(db, { row: first(source) })).row;
}
