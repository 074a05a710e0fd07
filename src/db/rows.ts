/** Rows of a raw `db.execute` result: node-postgres and PGlite both return them under `rows`. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
