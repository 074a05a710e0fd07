// Values written into a statement's text rather than bound as parameters, for a column compared with some of a
// fixed set of values that a partial index names in its WHERE. A generic plan knows nothing of a parameter's
// value, so it cannot prove that the index's condition holds: the triage queue's generic plan read every open
// and closed referral of the force through another index (30 ms against 1.5 ms), so PostgreSQL planned each view
// afresh instead (0.6 ms of planning a view). Written as constants, the condition is proven once and the plan
// kept. Only values of the known set are written, so no input reaches the text, and the statements are as many
// as the choices of values (a few dozen at most).
import { sql, type Column, type SQL } from 'drizzle-orm';

/** `column IN ('a', 'b')` with the values written as constants; false for none. Throws for a value not known. */
export function inConstants<T extends string>(column: Column | SQL, values: readonly T[], known: readonly T[]): SQL {
  if (values.length === 0) return sql`false`;
  const constants = [...new Set(values)].map((v) => {
    if (!known.includes(v)) throw new Error(`not one of the known values: ${v}`);
    return sql.raw(`'${v.replaceAll("'", "''")}'`);
  });
  return sql`${column} IN (${sql.join(constants, sql`, `)})`;
}
