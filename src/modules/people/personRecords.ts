// A person record is the subject of one referral as the referrer described them. These two mappings are the
// only places that know how a referral's subject becomes a record and how a record becomes the engine's input.
import type { personRecords } from '../../db/schema.js';
import type { PersonRecord } from './matching/types.js';
import { normaliseName, normalisePostcode } from './matching/normalise.js';
import type { ReferralSubmission } from '../referrals/referrals.schemas.js';

export type PersonRecordRow = typeof personRecords.$inferSelect;
export type NewPersonRecord = typeof personRecords.$inferInsert;

export function personRecordFromSubject(id: string, subject: ReferralSubmission['subject'], at: Date): NewPersonRecord {
  const birthYear = subject.dateOfBirth ? Number(subject.dateOfBirth.slice(0, 4)) : subject.approximateAge !== undefined ? at.getUTCFullYear() - subject.approximateAge : null;
  return {
    id,
    givenName: subject.givenName,
    familyName: subject.familyName,
    givenFolded: normaliseName(subject.givenName),
    familyFolded: normaliseName(subject.familyName),
    dateOfBirth: subject.dateOfBirth ?? null,
    birthYear,
    gender: subject.gender === 'not_known' ? null : subject.gender,
    postcode: normalisePostcode(subject.postcode) || null,
    address: subject.address ?? null,
    school: subject.schoolOrWorkplace ?? null,
    createdAt: at,
  };
}

type MatchFields = Pick<PersonRecordRow, 'id' | 'givenName' | 'familyName' | 'dateOfBirth' | 'gender' | 'postcode' | 'address' | 'school'>;

export function asMatchRecord(r: MatchFields): PersonRecord {
  return { id: r.id, givenName: r.givenName, familyName: r.familyName, dateOfBirth: r.dateOfBirth, sex: r.gender, postcode: r.postcode, address: r.address, school: r.school };
}
