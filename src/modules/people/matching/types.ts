// Shared types for the person-matching engine: the input record shape accepted from callers and the
// compact, structured-clone-friendly encoding that blocking, comparison, estimation and the worker
// threads all read. Keeping the encoding in typed arrays is what lets large batches run without
// allocating per pair.

/** One person record as supplied by a caller. Every field except `id` may be missing. */
export interface PersonRecord {
  id: string;
  /** Which file/agency the record came from; used by link-only runs. */
  source?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  /** `YYYY-MM-DD`, `DD/MM/YYYY` or `YYYYMMDD`. */
  dateOfBirth?: string | null;
  /** Separate date parts (used when `dateOfBirth` is absent). */
  birthYear?: string | number | null;
  birthMonth?: string | number | null;
  birthDay?: string | number | null;
  sex?: string | null;
  /** Street and building lines, without the house number and town when those are supplied separately. */
  address?: string | null;
  /** House/street number, when held apart from the address lines. */
  streetNumber?: string | null;
  /** Town, suburb or city. */
  locality?: string | null;
  postcode?: string | null;
  nhsNumber?: string | null;
  school?: string | null;
  email?: string | null;
}

/** Encoded records. Ids are indexes into dictionaries; -1 means missing. */
export interface Prepared {
  n: number;
  /** Shared dictionary of given and family names (normalised). */
  names: string[];
  nameDm1: Int32Array;
  nameDm2: Int32Array;
  nameVariant: Int32Array;
  nameNickOff: Int32Array;
  nameNickVal: Int32Array;
  namePartOff: Int32Array;
  namePartVal: Int32Array;
  given: Int32Array;
  family: Int32Array;
  year: Int16Array;
  month: Int8Array;
  day: Int8Array;
  sex: Int8Array;
  /** Postcode dictionary (also holds the `d:` district keys). */
  postcodes: string[];
  postcode: Int32Array;
  district: Int32Array;
  streetNumbers: string[];
  streetNumber: Int32Array;
  localities: string[];
  locality: Int32Array;
  addresses: string[];
  address: Int32Array;
  addrTokOff: Int32Array;
  addrTokVal: Int32Array;
  /** Dictionary of NHS numbers, emails and schools (prefixed `n:`, `e:`, `s:`). */
  others: string[];
  nhs: Int32Array;
  email: Int32Array;
  /** Mailbox name (the part before @) per record, as an id; -1 when there is no email. */
  emailUser: Int32Array;
  school: Int32Array;
  source: Int32Array;
}
