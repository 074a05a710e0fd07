// The `ct-casework stats` command: the official statistics of a year as CSV (long form, notes first) or JSON,
// for publication outside the service. The same publication as the page, suppressed and rounded the same way;
// the export is audited as the system's consultation of aggregate statistics.
import { parseArgs } from 'node:util';
import type { Database } from '../../db/client.js';
import { ValidationError } from '../../platform/errors.js';
import { toCsv } from './publication.js';
import { createStatisticsService, publicationJson } from './statistics.service.js';

export const STATS_USAGE = 'Usage: ct-casework stats --year 2024-25 [--format csv|json]';

export async function runStats(args: string[], out: NodeJS.WritableStream, open: () => Promise<Database>): Promise<number> {
  let values: { year?: string; format?: string };
  try {
    ({ values } = parseArgs({ args, allowPositionals: false, options: { year: { type: 'string' }, format: { type: 'string' } } }));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${STATS_USAGE}`);
  }
  const format = values.format ?? 'csv';
  if (!values.year) throw new Error(`Say which year: --year 2024-25\n${STATS_USAGE}`);
  if (format !== 'csv' && format !== 'json') throw new Error(`--format takes csv or json\n${STATS_USAGE}`);
  const database = await open();
  try {
    const p = await createStatisticsService(database.db).forExport(values.year);
    out.write(format === 'csv' ? toCsv(p.notes, p.tables) : `${JSON.stringify(publicationJson(p), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) throw new Error(`--year: ${err.errors[0]?.message ?? 'not a statistics year'}`);
    throw err;
  } finally {
    await database.close();
  }
}
