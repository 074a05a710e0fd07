// Name knowledge for the matcher: transliteration/spelling-variant groups, nickname (diminutive) groups,
// Jaro–Winkler similarity and name-part helpers. Comparisons ask "are these two spellings the same name?"
// in several strengths; this module answers each of those questions from shipped data only.
import { NAME_VARIANT_GROUPS } from './nameVariants.data.js';
import { NICKNAME_LINES } from './nicknames.data.js';

function buildVariantIndex(): Map<string, number> {
  const index = new Map<string, number>();
  let group = 0;
  for (const line of NAME_VARIANT_GROUPS.split('\n')) {
    const names = line.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length < 2) continue;
    group++;
    for (const n of names) if (!index.has(n)) index.set(n, group);
  }
  return index;
}

function buildNicknameIndex(): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const add = (name: string, group: number) => {
    const list = index.get(name);
    if (!list) index.set(name, [group]);
    else if (!list.includes(group)) list.push(group);
  };
  let group = 0;
  for (const line of NICKNAME_LINES.split('\n')) {
    const [formal, nicks] = line.split(':');
    if (!formal || !nicks) continue;
    group++;
    add(formal, group);
    for (const n of nicks.split(',')) if (n) add(n, group);
  }
  return index;
}

const VARIANT_INDEX = buildVariantIndex();
const NICKNAME_INDEX = buildNicknameIndex();
const NO_GROUPS: readonly number[] = [];

/** Transliteration/variant group of a (normalised) name, or 0 when it is in no group. */
export function variantGroup(name: string): number {
  return VARIANT_INDEX.get(name) ?? 0;
}

/** Nickname groups (formal name plus its diminutives) a normalised name belongs to. */
export function nicknameGroups(name: string): readonly number[] {
  return NICKNAME_INDEX.get(name) ?? NO_GROUPS;
}

export function areVariants(a: string, b: string): boolean {
  const g = variantGroup(a);
  return g !== 0 && g === variantGroup(b);
}

export function areNicknames(a: string, b: string): boolean {
  const ga = nicknameGroups(a);
  if (ga.length === 0) return false;
  const gb = nicknameGroups(b);
  for (const x of ga) if (gb.includes(x)) return true;
  return false;
}

const matchFlags = new Uint8Array(256);
const matchFlags2 = new Uint8Array(256);

/** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to four characters). */
export function jaroWinkler(x: string, y: string): number {
  if (x === y) return x.length ? 1 : 0;
  // Order the arguments so the greedy character matching gives the same result either way round.
  const a = x < y ? x : y;
  const b = x < y ? y : x;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  if (la > 255 || lb > 255) return a.slice(0, 255) === b.slice(0, 255) ? 1 : jaroWinkler(a.slice(0, 255), b.slice(0, 255));
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  matchFlags.fill(0, 0, la);
  matchFlags2.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (matchFlags2[j] === 0 && b.charCodeAt(j) === c) {
        matchFlags[i] = 1;
        matchFlags2[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchFlags[i] === 0) continue;
    while (matchFlags2[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Name parts: "mary jane" / "smith jones" (hyphens were already folded to spaces). */
export function nameParts(name: string): string[] {
  return name ? name.split(' ').filter(Boolean) : [];
}
