// The inputs and outputs of the official statistics: the year asked for (page and API), and the publication
// as JSON. One definition drives validation, the TypeScript types and the OpenAPI description.
import { z } from 'zod';

export const statisticsQuerySchema = z.object({
  year: z
    .string()
    .optional()
    .describe('The April–March statistics year, like `2024-25`, from 2015-16 to the current year. Without it: the current year (provisional).'),
});

const published = z
  .union([z.number().int(), z.literal('[c]'), z.literal('[x]')])
  .describe('A count or a whole-number percentage; `[c]` when hidden to protect small numbers, `[x]` when not applicable');

const row = z.object({ label: z.string(), values: z.array(published) });

export const publishedTableSchema = z.object({
  id: z.string().describe('Stable identifier: journey, sector, age, gender, ethnicity, needs, concern, region, force, consent, quarterly_referrals, quarterly_discussed, quarterly_adopted'),
  title: z.string(),
  description: z.string(),
  rowHeading: z.string(),
  columns: z.array(z.object({ heading: z.string(), kind: z.enum(['count', 'percent']) })),
  rows: z.array(row),
  total: row.nullable().describe('The total row (always shown); null for tables without one'),
});

export const publicationSchema = z.object({
  year: z.string().describe('The statistics year, like 2024-25'),
  from: z.string().describe('First day of the year (UK date)'),
  to: z.string().describe('Last day of the year (UK date)'),
  provisional: z.boolean().describe('True while the year has not ended'),
  producedOn: z.string().describe('UK date the figures were produced; outcomes are as recorded then'),
  notes: z.array(z.string()).describe('Definitions, suppression and rounding rules'),
  tables: z.array(publishedTableSchema),
});
