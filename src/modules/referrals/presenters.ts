// Turns referral answers into the rows of GOV.UK summary lists (check answers and the case page).
import type { Answers } from './journey.js';
import { formatDay } from '../../platform/dates.js';

export const LABELS: Record<string, Record<string, string>> = {
  gender: { female: 'Female', male: 'Male', other: 'Other', not_known: 'Not known' },
  ethnicity: {
    asian: 'Asian, Asian British or Asian Welsh',
    black: 'Black, Black British, Black Welsh, Caribbean or African',
    mixed: 'Mixed or multiple ethnic groups',
    white: 'White',
    other: 'Other ethnic group',
    not_known: 'Not known',
  },
  yesNo: { yes: 'Yes', no: 'No', not_sure: 'Not sure', not_applicable: 'Not applicable' },
  supportNeeds: {
    autism_or_neurodivergence: 'Autism or other neurodivergence',
    mental_health: 'Mental health needs',
    learning_disability: 'Learning disability or difficulty',
    physical_disability: 'Physical disability',
    other: 'Something else',
  },
};

type Section = Record<string, unknown>;
interface Row {
  key: { text: string };
  value: { text: string };
  actions?: { items: Array<{ href: string; text: string; visuallyHiddenText: string }> };
}

const show = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return 'Not given';
  if (Array.isArray(v)) return v.length ? v.join('\n') : 'None';
  return String(v);
};
const label = (set: string, v: unknown) => (typeof v === 'string' ? (LABELS[set]?.[v] ?? v) : show(v));
// One shared formatter (platform/dates): toLocaleDateString built a new one for every date on a page.
const formatDate = (iso: unknown) => (typeof iso === 'string' ? formatDay(iso) : 'Not given');

function rows(items: Array<[string, string, string | undefined]>, base: string | null): Row[] {
  return items.map(([key, value, page]) => ({
    key: { text: key },
    value: { text: value },
    ...(base && page ? { actions: { items: [{ href: `${base}/${page}?return=check`, text: 'Change', visuallyHiddenText: key.toLowerCase() }] } } : {}),
  }));
}

/** Summary sections for a referral. With `base`, each row links back to its question page. */
export function summaryRows(answers: Answers, kind: 'public' | 'professional', base: string | null) {
  const s: Section = answers.subject ?? {};
  const c: Section = answers.concern ?? {};
  const a: Section = answers.awareness ?? {};
  const sections = [
    {
      title: kind === 'public' ? 'The person you are worried about' : 'The person you are referring',
      rows: rows(
        [
          ['Name', `${show(s.givenName)} ${show(s.familyName)}`, 'person'],
          ['Other names', show(s.aliases), 'person'],
          ['Date of birth', s.dateOfBirth ? formatDate(s.dateOfBirth) : 'Not given', 'age'],
          ['Approximate age', show(s.approximateAge), 'age'],
          ['Gender', label('gender', s.gender), 'age'],
          ['Ethnic group', label('ethnicity', s.ethnicity), 'age'],
          ['Address', show(s.address), 'address'],
          ['Postcode', show(s.postcode), 'address'],
          ['School, college or workplace', show(s.schoolOrWorkplace), 'address'],
        ],
        base,
      ),
    },
    {
      title: 'The concern',
      rows: rows(
        [
          ['What worries you', show(c.narrative), 'concern'],
          ['When it started', show(c.startedWhen), 'concern'],
          ['What they do online', show(c.onlineBehaviour), 'concern-details'],
          ['Threatened to harm anyone', label('yesNo', c.threatOfHarm), 'concern-details'],
          ...(c.threatOfHarm === 'yes' ? ([['Details of the threat', show(c.threatDetails), 'concern-details']] as Array<[string, string, string]>) : []),
          ['Support needs', Array.isArray(c.supportNeeds) && c.supportNeeds.length ? c.supportNeeds.map((n) => label('supportNeeds', n)).join('\n') : 'None known', 'concern-details'],
          ['More about their support needs', show(c.supportNeedsDetails), 'concern-details'],
        ],
        base,
      ),
    },
    {
      title: 'Who knows',
      rows: rows(
        [
          ['The person knows', label('yesNo', a.subjectAware), 'awareness'],
          ['A parent or carer knows', label('yesNo', a.parentAware), 'awareness'],
        ],
        base,
      ),
    },
  ];
  if (kind === 'public') {
    const r: Section = answers.referrer ?? {};
    sections.push({
      title: 'About you',
      rows: rows(
        r.anonymous
          ? [['Contact', 'You chose not to give contact details', 'about-you'], ['How you know them', show(r.relationship), 'about-you']]
          : [
              ['Your name', show(r.name), 'about-you'],
              ['Email', show(r.email), 'about-you'],
              ['Phone', show(r.phone), 'about-you'],
              ['How you know them', show(r.relationship), 'about-you'],
            ],
        base,
      ),
    });
  } else {
    const p: Section = answers.professional ?? {};
    sections.push({
      title: 'About you',
      rows: rows(
        [
          ['Your name', show(p.name), 'your-details'],
          ['Your role', show(p.role), 'your-details'],
          ['Email', show(p.email), 'your-details'],
          ['Phone', show(p.phone), 'your-details'],
          ['Designated safeguarding lead consulted', label('yesNo', p.safeguardingLeadConsulted), 'your-details'],
          ['Safeguarding lead', show(p.safeguardingLeadName), 'your-details'],
          ['Other agencies involved', show(p.otherAgencies), 'your-details'],
        ],
        base,
      ),
    });
  }
  return sections;
}
