// Encodes caller records into the compact Prepared form: dictionaries of distinct names/addresses plus
// typed arrays per field. Per-name facts (phonetic codes, variant and nickname groups, name parts) are
// computed once per distinct spelling, so the pair loop only does integer look-ups and the occasional
// string similarity.
import { nameParts, nicknameGroups, variantGroup } from './names.js';
import {
  ADDRESS_STOP_WORDS,
  foldText,
  normaliseStreetNumber,
  normaliseAddress,
  normaliseEmail,
  normaliseName,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseSchool,
  normaliseSex,
  parseDob,
  postcodeDistrict,
} from './normalise.js';
import { metaphoneCodes } from './phonetics.js';
import type { PersonRecord, Prepared } from './types.js';

class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(value: string): number {
    if (!value) return -1;
    let id = this.index.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.index.set(value, id);
    }
    return id;
  }
}

function str(v: string | number | null | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function prepareRecords(records: readonly PersonRecord[]): Prepared {
  const n = records.length;
  const names = new Dictionary();
  const addresses = new Dictionary();
  const postcodes = new Dictionary();
  const others = new Dictionary();
  const streetNumbers = new Dictionary();
  const localities = new Dictionary();
  const streetNumber = new Int32Array(n);
  const emailUser = new Int32Array(n);
  const locality = new Int32Array(n);
  const sources = new Dictionary();
  const given = new Int32Array(n);
  const family = new Int32Array(n);
  const year = new Int16Array(n);
  const month = new Int8Array(n);
  const day = new Int8Array(n);
  const sex = new Int8Array(n);
  const postcode = new Int32Array(n);
  const district = new Int32Array(n);
  const address = new Int32Array(n);
  const nhs = new Int32Array(n);
  const email = new Int32Array(n);
  const school = new Int32Array(n);
  const source = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    given[i] = names.id(normaliseName(r.givenName));
    family[i] = names.id(normaliseName(r.familyName));
    const dob = parseDob(r.dateOfBirth, r.dateOfBirth ? undefined : { year: str(r.birthYear), month: str(r.birthMonth), day: str(r.birthDay) });
    year[i] = dob.year;
    month[i] = dob.month;
    day[i] = dob.day;
    sex[i] = normaliseSex(r.sex);
    const pc = normalisePostcode(r.postcode);
    postcode[i] = postcodes.id(pc);
    district[i] = postcodes.id(pc ? `d:${postcodeDistrict(pc)}` : '');
    address[i] = addresses.id(normaliseAddress(r.address));
    streetNumber[i] = streetNumbers.id(normaliseStreetNumber(r.streetNumber));
    locality[i] = localities.id(foldText(r.locality));
    nhs[i] = others.id(normaliseNhsNumber(r.nhsNumber) && `n:${normaliseNhsNumber(r.nhsNumber)}`);
    const em = normaliseEmail(r.email);
    email[i] = others.id(em && `e:${em}`);
    emailUser[i] = others.id(em.indexOf('@') > 0 ? `u:${em.slice(0, em.indexOf('@'))}` : '');
    school[i] = others.id(normaliseSchool(r.school) && `s:${normaliseSchool(r.school)}`);
    source[i] = sources.id(r.source ?? '') ;
  }
  // Name parts must be in the dictionary before per-name arrays are sized.
  const partLists: number[][] = [];
  for (let k = 0; k < names.values.length; k++) {
    const parts = nameParts(names.values[k]!);
    partLists.push(parts.length > 1 ? parts.filter((p) => p.length > 1).map((p) => names.id(p)) : []);
  }
  const m = names.values.length;
  const codes = new Dictionary();
  const nameDm1 = new Int32Array(m);
  const nameDm2 = new Int32Array(m);
  const nameVariant = new Int32Array(m);
  const nickOff = new Int32Array(m + 1);
  const nickVal: number[] = [];
  const partOff = new Int32Array(m + 1);
  const partVal: number[] = [];
  for (let k = 0; k < m; k++) {
    const name = names.values[k]!;
    const [c1, c2] = metaphoneCodes(name);
    nameDm1[k] = codes.id(c1);
    nameDm2[k] = codes.id(c2);
    nameVariant[k] = variantGroup(name);
    nickOff[k] = nickVal.length;
    for (const g of nicknameGroups(name)) nickVal.push(g);
    partOff[k] = partVal.length;
    for (const p of partLists[k] ?? []) partVal.push(p);
  }
  nickOff[m] = nickVal.length;
  partOff[m] = partVal.length;
  const tokens = new Dictionary();
  const tokOff = new Int32Array(addresses.values.length + 1);
  const tokVal: number[] = [];
  for (let k = 0; k < addresses.values.length; k++) {
    tokOff[k] = tokVal.length;
    const ids = [...new Set(addresses.values[k]!.split(' ').filter((t) => t && !ADDRESS_STOP_WORDS.has(t)))].map((t) => tokens.id(t));
    ids.sort((a, b) => a - b);
    for (const t of ids) tokVal.push(t);
  }
  tokOff[addresses.values.length] = tokVal.length;
  return {
    n,
    names: names.values,
    nameDm1,
    nameDm2,
    nameVariant,
    nameNickOff: nickOff,
    nameNickVal: Int32Array.from(nickVal),
    namePartOff: partOff,
    namePartVal: Int32Array.from(partVal),
    given,
    family,
    year,
    month,
    day,
    sex,
    postcodes: postcodes.values,
    postcode,
    district,
    streetNumbers: streetNumbers.values,
    streetNumber,
    localities: localities.values,
    locality,
    addresses: addresses.values,
    address,
    addrTokOff: tokOff,
    addrTokVal: Int32Array.from(tokVal),
    others: others.values,
    nhs,
    email,
    emailUser,
    school,
    source,
  };
}
