// The keys of a batched read (db/batched.ts) go in as one JSON array, not an SQL array. PostgreSQL estimates an
// SQL array parameter by its value: a batch of three was planned for three rows, the generic plan for ten, so it
// planned every call again (a case read: 3 ms planning for 5 ms running). An array built from the JSON by a
// subquery is estimated the same whatever it holds, so the statement is planned once; `= ANY` keeps the key's
// index.
import { sql, type Column, type Placeholder, type SQL } from 'drizzle-orm';

/** `column = ANY (…)` the keys in `keys`, a parameter whose value `keysParameter` makes. */
export const inKeys = (column: Column | SQL, keys: Placeholder | SQL, type: 'uuid' | 'text'): SQL =>
  sql`${column} = ANY (ARRAY(SELECT k::${sql.raw(type)} FROM json_array_elements_text(${keys}::json) AS k))`;

/** The value of the keys' parameter: each key once. */
export const keysParameter = (keys: readonly string[]): string => JSON.stringify([...new Set(keys)]);
