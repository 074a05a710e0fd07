// A statement built and compiled to SQL text once, then run with new values on each call. Building a query with
// Drizzle walks its whole tree of SQL chunks every time; for a screen's combined read under load that was a
// third of the server's CPU. Values go in through named placeholders, so the compiled text never changes.
import { sql, type Placeholder, type Query, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';
import { rowsOf } from './rows.js';

/** A value in a query: known now, a placeholder filled in when a prepared statement runs, or an expression. */
export type Bound<T> = T | Placeholder | SQL;

/** One placeholder per name, for the builder of a prepared statement. */
export type Placeholders<K extends string> = { readonly [N in K]: Placeholder<N> };

type Builder<K extends string, R> = (p: Placeholders<K>) => R;

// The dialect holds no state of a connection: SQL compiled here runs the same on PGlite and PostgreSQL.
const dialect = new PgDialect();

/** Any name asked of it is a placeholder of that name. */
const placeholders = new Proxy({} as Record<string, Placeholder>, { get: (_target, name) => sql.placeholder(String(name)) });

/** What the builder returns, built on the first call and kept: its SQL must not depend on the values. */
export function once<K extends string, R>(build: Builder<K, R>): () => R {
  let built: { value: R } | undefined;
  return () => (built ??= { value: build(placeholders as Placeholders<K>) }).value;
}

/** The rows of a statement compiled once; each call fills its placeholders with the values given. */
export function prepared<K extends string>(build: Builder<K, SQL>): <T>(db: Db, values: Record<K, unknown>) => Promise<T[]> {
  const compiled = once((p: Placeholders<K>): Query => dialect.sqlToQuery(build(p)));
  return async <T>(db: Db, values: Record<K, unknown>) => {
    const statement = db._.session.prepareQuery(compiled(), undefined, undefined, false);
    return rowsOf<T>(await statement.execute(values));
  };
}
