// How a match and a person read on the pages: the stored explanation as table rows an officer can check
// field by field, evidence shown as for or against, probability as a percentage, and the labels of answers
// and merges.
import { z } from 'zod';
import { formatDay, formatInstant } from '../../platform/dates.js';
import { STATE_LABELS } from '../gateway/presenters.js';
import type { MatchDecision } from './people.service.js';
import type { MergeHistoryRow } from './people.repository.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The parts of a stored explanation the pages and the API show; anything else stored with it is ignored. */
const storedExplanation = z.object({
  fields: z.array(z.object({ field: z.string(), level: z.string(), outcome: z.enum(['agree', 'partial', 'disagree', 'missing']), weight: z.number() })).default([]),
  notes: z.array(z.string()).default([]),
  matchProbability: z.number().optional(),
});
export type Explanation = { fields: z.output<typeof storedExplanation>['fields']; notes: string[]; matchProbability: number };

/** A stored explanation (jsonb, so unchecked) in a known shape; an unreadable one shows no field rows rather than failing the page. */
export function readExplanation(stored: unknown, matchProbability: number): Explanation {
  const parsed = storedExplanation.safeParse(stored);
  const e = parsed.success ? parsed.data : { fields: [], notes: [] };
  return { fields: e.fields, notes: e.notes, matchProbability };
}

export const OUTCOME_TAGS: Record<Explanation['fields'][number]['outcome'], { text: string; colour: string }> = {
  agree: { text: 'Agrees', colour: 'green' },
  partial: { text: 'Partly agrees', colour: 'yellow' },
  disagree: { text: 'Disagrees', colour: 'red' },
  missing: { text: 'Missing', colour: 'grey' },
};

/** Evidence to one decimal place with its direction: "+5.3" for the match, "−2.5" (a true minus sign) against, "0". */
export function formatWeight(weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  if (rounded === 0) return '0';
  return rounded > 0 ? `+${rounded.toFixed(1)}` : `\u2212${Math.abs(rounded).toFixed(1)}`;
}

/** A probability as a whole percentage, never rounding a near-certainty up to 100% or a long shot down to 0%. */
export function formatProbability(p: number): string {
  if (p >= 1) return '100%';
  if (p > 0.99) return 'over 99%';
  if (p <= 0) return '0%';
  if (p < 0.01) return 'under 1%';
  return `${Math.round(p * 100)}%`;
}

const tag = (outcome: keyof typeof OUTCOME_TAGS) => `<strong class="govuk-tag govuk-tag--${OUTCOME_TAGS[outcome].colour}">${OUTCOME_TAGS[outcome].text}</strong>`;

/** Rows for a govuk table headed Detail / What was compared / Result / Evidence. */
export function explanationRows(e: Explanation) {
  return e.fields.map((f) => [
    { text: f.field },
    { text: f.level },
    { html: tag(f.outcome) },
    { text: formatWeight(f.weight), format: 'numeric' },
  ]);
}

export const DECISION_LABELS: Record<MatchDecision, string> = {
  same: 'Same person',
  not_same: 'Not the same person',
  unsure: 'Unsure',
};

export const MERGE_KIND_LABELS: Record<'link' | 'merge', string> = {
  link: 'Linked at triage',
  merge: 'Merged by a supervisor',
};

const asDate = (v: Date | string | null | undefined): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v));
export const isoInstant = (v: Date | string | null | undefined): string | null => asDate(v)?.toISOString() ?? null;

/** "Not the same person – recorded by Daniel Hughes on 3 March 2026 at 10:15am: reason". */
export function decisionText(d: { decision: MatchDecision; decidedBy: string | null; decidedAt: Date | string | null; reason: string | null }): string {
  const who = d.decidedBy ? ` by ${d.decidedBy}` : '';
  const when = d.decidedAt ? ` on ${formatInstant(asDate(d.decidedAt))}` : '';
  return `${DECISION_LABELS[d.decision]} – recorded${who}${when}${d.reason ? `: ${d.reason}` : ''}`;
}

/** Records keep postcodes without spaces (for matching); people read them with the usual space before the last three. */
export function displayPostcode(postcode: string | null): string | null {
  if (!postcode) return null;
  const p = postcode.replace(/\s+/g, '').toUpperCase();
  return /^[A-Z0-9]{5,7}$/.test(p) ? `${p.slice(0, -3)} ${p.slice(-3)}` : postcode;
}

export const personName = (r: { givenName: string; familyName: string }) => `${r.givenName} ${r.familyName}`;

/** How a record was described, as summary list rows; missing details say so rather than leaving a gap. */
export function recordRows(r: { dateOfBirth: string | null; gender?: string | null; postcode: string | null; address?: string | null; school?: string | null }) {
  const row = (key: string, value: string | null | undefined) => ({ key: { text: key }, value: { text: value || 'Not given' } });
  return [
    row('Date of birth', r.dateOfBirth ? formatDay(r.dateOfBirth) : null),
    ...(r.gender !== undefined ? [row('Gender', r.gender ? r.gender[0]!.toUpperCase() + r.gender.slice(1).replace(/_/g, ' ') : null)] : []),
    row('Postcode', displayPostcode(r.postcode)),
    ...(r.address !== undefined ? [row('Address', r.address)] : []),
    ...(r.school !== undefined ? [row('School or workplace', r.school)] : []),
  ];
}

export const stateLabel = (state: string) => STATE_LABELS[state as keyof typeof STATE_LABELS] ?? state;

/** A referral about the person: its case page is linked only for the force holding it (anyone else would get a 404). */
export function referralRow(r: { id: string; reference: string; submittedAt: Date; owningOrgId: string; owningOrgName: string; state: string }, actorOrgId: string) {
  return [
    r.owningOrgId === actorOrgId ? { html: `<a class="govuk-link" href="/cases/${r.id}">${escapeHtml(r.reference)}</a>` } : { text: r.reference },
    { text: formatInstant(r.submittedAt) },
    { text: r.owningOrgName },
    { text: stateLabel(r.state) },
  ];
}

export type HistoryEntry = Omit<MergeHistoryRow, 'survivorId' | 'mergedId'>;

/** One link or merge, as a summary card: what was joined, by whom and why, and whether it was undone. */
export function historyCard(h: HistoryEntry, canUndo: boolean) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const rows = [
    row('Joined', `${h.mergedName} into ${h.survivorName}`),
    row('By', `${h.mergedBy} on ${formatInstant(asDate(h.mergedAt))}`),
    row('Reason', h.reason),
  ];
  if (h.undoneAt) {
    rows.push(row('Undone', `By ${h.undoneBy ?? 'unknown'} on ${formatInstant(asDate(h.undoneAt))}`));
    rows.push(row('Reason for undoing', h.undoReason ?? ''));
  }
  const title = `${MERGE_KIND_LABELS[h.kind]}${h.undoneAt ? ' (undone)' : ''}`;
  return {
    title: { text: title, headingLevel: 3 },
    actions: canUndo && !h.undoneAt ? { items: [{ href: `/people/merges/${h.id}/undo`, text: 'Undo', visuallyHiddenText: `${h.kind === 'link' ? 'the link' : 'the merge'} of ${h.mergedName} into ${h.survivorName}` }] } : undefined,
    rows,
  };
}
