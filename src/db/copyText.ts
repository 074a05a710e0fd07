// Rows in COPY's text format, ready to send: tab between fields, \N for NULL, and a backslash before any
// backslash, tab or line break in a value. Unlike CSV it never doubles quotes, so JSON (the bulk of the synthetic
// rows) goes through unchanged unless it holds one of those rare characters. Pure, so it can run in a worker.
export type CopyRow = Record<string, unknown>;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const ESCAPED = /[\\\t\n\r]/g;
const text = (value: string) => (NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c]!) : value);
// An element of an array literal: quoted, with its own backslashes and quotes escaped (before the field's).
const element = (value: unknown) => (value === null || value === undefined ? 'NULL' : `"${String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);

/**
 * One field as json_populate_recordset would read the value for its column: an array in an SQL array column as
 * an array literal, any other object as JSON.
 */
export function copyField(value: unknown, sqlArray: boolean): string {
  switch (typeof value) {
    case 'string':
      return text(value);
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return '\\N';
  }
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (sqlArray && Array.isArray(value)) return text(`{${value.map(element).join(',')}}`);
  return text(JSON.stringify(value));
}

// Fields are written one by one into a buffer kept for the thread, not joined into one string first: the
// joined string was a tree of pieces to be copied flat and then encoded (a fifth of the encoding's time).
let scratch = Buffer.allocUnsafeSlow(1 << 20);

function room(at: number, needed: number): void {
  if (at + needed <= scratch.length) return;
  const bigger = Buffer.allocUnsafeSlow(Math.max(scratch.length * 2, at + needed));
  scratch.copy(bigger, 0, 0, at);
  scratch = bigger;
}

const TAB = 9;
const NEWLINE = 10;

/** The rows as COPY text lines, fields in the order of `columns`, encoded as UTF-8 in a buffer of their own. */
export function encodeCopyRows(rows: readonly CopyRow[], columns: readonly string[], sqlArrays: ReadonlySet<string>): Uint8Array {
  const arrays = columns.map((c) => sqlArrays.has(c));
  let at = 0;
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const field = copyField(row[columns[i]!], arrays[i]!);
      // A UTF-16 code unit takes at most three bytes of UTF-8; one more for the tab or line break.
      room(at, field.length * 3 + 1);
      if (i > 0) scratch[at++] = TAB;
      at += scratch.write(field, at);
    }
    room(at, 1);
    scratch[at++] = NEWLINE;
  }
  // A copy of its own (never a view of the scratch buffer), so a worker can hand it over without copying again.
  return Uint8Array.prototype.slice.call(scratch, 0, at);
}
