/**
 * Forgiving name matching for services and customers: case, punctuation, word order, prefixes and
 * the abbreviations partners type ("m365 backup", "cb gw", "fly aviator"). Used by the import and
 * the bot alike, so a name that imports is a name that can be typed.
 */
export interface Named {
  name: string;
  /** Other names the item answers to exactly (ids, short names). */
  aliases?: readonly string[];
}

export type NameMatch<T> =
  | { kind: "match"; item: T }
  | { kind: "ambiguous"; candidates: T[] }
  | { kind: "none"; suggestions: T[] };

/** Whole-word abbreviations, expanded before matching. */
const ABBREVIATIONS: Record<string, string> = {
  m365: "microsoft 365",
  o365: "microsoft 365",
  ms365: "microsoft 365",
  ms: "microsoft",
  cb: "cloud backup",
  backups: "backup",
  gw: "google workspace",
  gws: "google workspace",
  exo: "exchange online",
  od: "onedrive",
  odb: "onedrive",
  pp: "power platform",
  d365: "dynamics 365",
  sfdc: "salesforce",
  sf: "salesforce",
  udm: "user and device management",
  wm: "workspace management",
  ado: "azure devops",
  aad: "entra id",
  cap: "cap",
  saas: "saas",
  gb: "capacity",
  seats: "user seats",
};

const STOP_WORDS = new Set(["for", "and", "the", "of", "a", "inc", "ltd", "llc", "gmbh", "co", "corp", "plus"]);

/**
 * Lower-case words (letters and digits of any script) with accents, punctuation and stop words
 * removed and abbreviations expanded.
 */
export function nameTokens(text: string): string[] {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    const expanded = ABBREVIATIONS[w] ?? w;
    for (const t of expanded.split(" ")) if (!STOP_WORDS.has(t)) out.push(t);
  }
  return out;
}

interface Known {
  tokens: readonly string[];
  normalized: string;
}

const known = new Map<string, Known>();

/**
 * nameTokens and normalizeName of a name that is matched again and again (a customer's, a
 * service's), memoized: every lookup compares the typed words with every candidate name, and the
 * names change far less often than they are read. Bounded: cleared when it grows past 200,000.
 */
export function knownName(name: string): Known {
  let k = known.get(name);
  if (!k) {
    if (known.size >= 200_000) known.clear();
    const tokens = Object.freeze(nameTokens(name));
    known.set(name, (k = { tokens, normalized: tokens.join(" ") }));
  }
  return k;
}

/** The normalized form two names must share to be "the same name". */
export function normalizeName(text: string): string {
  return nameTokens(text).join(" ");
}

interface Scored<T> {
  item: T;
  score: number;
}

/** How well all query tokens are found in the name: 0 when one is missing. */
function tokenScore(query: string[], name: readonly string[]): number {
  if (query.length === 0) return 0;
  const free = [...name];
  let score = 0;
  for (const q of query) {
    let at = free.indexOf(q);
    let points = 2;
    if (at < 0) {
      at = free.findIndex((n) => n.startsWith(q));
      points = 1;
    }
    if (at < 0) return 0;
    free.splice(at, 1);
    score += points;
  }
  // Prefer names the query covers more fully: "workspace management" over "... storage optimization".
  return score + (name.length - free.length) / name.length;
}

/** Finds the item a typed name means: one match, several candidates, or suggestions for a typo. */
export function matchName<T extends Named>(query: string, items: readonly T[], limit = 5): NameMatch<T> {
  const q = nameTokens(query);
  const qs = q.join(" ");
  if (qs === "") return { kind: "none", suggestions: [] };

  // An item's own name first: typed text equal to one item's name and to another's alias means the first.
  const byName = items.filter((i) => knownName(i.name).normalized === qs);
  const exact = byName.length ? byName : items.filter((i) => (i.aliases ?? []).some((n) => knownName(n).normalized === qs));
  if (exact.length === 1) return { kind: "match", item: exact[0]! };
  if (exact.length > 1) return { kind: "ambiguous", candidates: exact.slice(0, limit) };

  const scored: Scored<T>[] = [];
  for (const item of items) {
    const score = Math.max(...[item.name, ...(item.aliases ?? [])].map((n) => tokenScore(q, knownName(n).tokens)));
    if (score > 0) scored.push({ item, score });
  }
  scored.sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name));
  if (scored.length === 1) return { kind: "match", item: scored[0]!.item };
  if (scored.length > 1) return { kind: "ambiguous", candidates: scored.slice(0, limit).map((s) => s.item) };

  return { kind: "none", suggestions: suggest(qs, items, Math.min(limit, 3)) };
}

/** The nearest names by character trigrams, for an unknown or misspelled name. */
export function suggest<T extends Named>(query: string, items: readonly T[], limit = 3): T[] {
  const qg = trigrams(normalizeName(query));
  return items
    .map((item) => ({
      item,
      score: Math.max(...[item.name, ...(item.aliases ?? [])].map((n) => dice(qg, trigrams(knownName(n).normalized)))),
    }))
    .filter((s) => s.score >= 0.2)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.item);
}

function trigrams(s: string): Map<string, number> {
  const padded = `  ${s} `;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [g, n] of a) {
    shared += Math.min(n, b.get(g) ?? 0);
    total += n;
  }
  for (const n of b.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}
