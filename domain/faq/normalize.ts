/**
 * Text normalisation for FAQ ranking: the same function prepares the knowledge base and the
 * question, so "licences", "license" and "seats" meet on one term, and "pay as you go" on "payg".
 * Deliberately small: a light suffix stripper (no dictionary) and a synonym table for this field.
 */

/** Multi-word spellings folded into one token before splitting (order matters: longest first). */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bpay[\s-]*as[\s-]*(?:you|u)[\s-]*go\b/g, " payg "],
  [/\bpay[\s-]*per[\s-]*use\b/g, " payg "],
  [/\b(?:microsoft|ms|office)[\s-]*365\b/g, " m365 "],
  [/\bo365\b/g, " m365 "],
  [/\btier[\s-]*(?:2|two|ii)\b/g, " tier2 "],
  [/\boff[\s-]+(?:the[\s-]+)?market[\s-]*place\b/g, " offmarketplace "],
  [/\bmarket[\s-]+place\b/g, " marketplace "],
  // "Cloud Marketplace" is one name: its "cloud" is not the "cloud" of Cloud Backup or Cloud Archiving.
  [/\b(?:cloud|azure|microsoft)\s+marketplace\b/g, " marketplace "],
  [/\bup[\s-]+front\b/g, " upfront "],
  [/\bpre[\s-]+paid\b/g, " prepaid "],
  [/\bpre[\s-]+pay\b/g, " prepaid "],
  [/\bon[\s-]*board/g, " onboard"],
  [/\boff[\s-]*board/g, " offboard"],
  [/\bsign(?:ed)?[\s-]+in\b|\blog(?:ged)?[\s-]+in\b/g, " login "],
  [/\bset[\s-]+up\b/g, " setup "],
  [/\bthirty[\s-]*one\b/g, " 31 "],
  // "where a subscription comes from" asks for its source.
  [/\b(?:came|come|comes|coming)\s+from\b/g, " source "],
  [/\b(?:turn|switch)(?:ed|ing)?\s+on\b/g, " enable "],
  [/\bgood\s+(?:morning|afternoon|evening|day)\b/g, " hello "],
  [/\b31(?=days?\b)/g, "31 "],
];

/** British and other spellings, applied to whole words before stemming. */
const SPELLINGS: Readonly<Record<string, string>> = {
  licence: "license",
  licences: "licenses",
  licenced: "licensed",
  cancelled: "canceled",
  cancelling: "canceling",
  cancellation: "cancel",
  cancellations: "cancel",
  utilisation: "utilization",
  optimisation: "optimization",
  organisation: "organization",
  authorised: "authorized",
  expiry: "expire",
  annually: "annual",
  expiries: "expire",
  expiration: "expire",
  expirations: "expire",
  sub: "subscription",
  subs: "subscription",
  admins: "admin",
  administrator: "admin",
  administrators: "admin",
  payment: "pay",
  payments: "pay",
  paid: "pay",
  paying: "pay",
  docs: "documentation",
  t2: "tier2",
};

/**
 * Field synonyms, keyed by stem: each maps to the stems it stands for. A word with two senses
 * ("reseller" is a partner, and in the source's Tier 2 model a LAR) expands to both.
 * Note: CMP is a license type in the source (a CMP license overrides pooled ones), not the
 * Cloud Marketplace, so it is kept apart from "marketplace".
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // The source says "subscription" and "license" for the same thing ("assign subscriptions",
  // "licenses can only be distributed"): a subscription also counts as a license.
  subscription: ["subscription", "license"],
  licens: ["license"],
  license: ["license"],
  seat: ["license"],
  client: ["customer"],
  colleagu: ["user"],
  coworker: ["user"],
  teammat: ["user"],
  staff: ["user"],
  employe: ["user"],
  msp: ["partner"],
  reseller: ["partner"],
  // The channel (a distributor, distribution) is not the verb (licenses are distributed = assigned).
  tenant: ["tenant", "customer"],
  distributor: ["distributor"],
  distribution: ["distributor"],
  disti: ["distributor"],
  distribut: ["assign"],
  hand: ["assign"],
  lar: ["lar"],
  tier2: ["lar"],
  expir: ["expir"],
  lapse: ["expir"],
  lower: ["reduc"],
  decreas: ["reduc"],
  shrink: ["reduc"],
  downsiz: ["reduc"],
  reduction: ["reduc"],
  cut: ["reduc"],
  offboard: ["disconnect"],
  detach: ["disconnect"],
  disconnection: ["disconnect"],
  unlink: ["disconnect"],
  transfer: ["move"],
  migrat: ["move"],
  migr: ["move"],
  switch: ["move"],
  consumption: ["usag"],
  consum: ["usag"],
  utiliz: ["usag"],
  invoic: ["bill"],
  charg: ["bill"],
  yearly: ["annual"],
  year: ["annual"],
  suggest: ["feedback"],
  suggestion: ["feedback"],
  complaint: ["feedback"],
  document: ["guid"],
  manual: ["guid", "manual"],
  guid: ["guid"],
  combin: ["merg"],
  consolidat: ["merg"],
  merg: ["merg"],
  product: ["servic"],
  purchas: ["buy"],
  order: ["buy", "order"],
  procur: ["buy"],
  bought: ["buy"],
  vendor: ["avepoint"],
  send: ["submit"],
  share: ["submit"],
  use: ["usag"],
  used: ["usag"],
  using: ["usag"],
  win: ["preced"],
  prevail: ["preced"],
  overrid: ["preced"],
  overrul: ["preced"],
  supersed: ["preced"],
  precedenc: ["preced"],
  priority: ["preced"],
  differ: ["differ"],
  different: ["differ"],
  differenc: ["differ"],
  special: ["differ"],
  uniqu: ["differ"],
  vs: ["differ"],
  versus: ["differ"],
  compar: ["differ"],
  week: ["day"],
  fail: ["status"],
  failur: ["status"],
  error: ["status"],
  succe: ["status"],
  success: ["status"],
  successful: ["status"],
  discrepanc: ["discrep"],
  discrepancy: ["discrep"],
  mismatch: ["discrep"],
  match: ["discrep"],
  wrong: ["discrep"],
  incorrect: ["discrep"],
  inaccurat: ["discrep"],
  figur: ["number"],
  total: ["number"],
  least: ["minimum"],
  min: ["minimum"],
  end: ["end", "expir"],
  over: ["end", "expir"],
  activat: ["enabl"],
  enabl: ["enabl"],
  // The knowledge base has no prices: these words mark a question it cannot answer in full.
  pric: ["price"],
  cost: ["price"],
  cheap: ["price"],
  cheaper: ["price"],
  expensiv: ["price"],
  discount: ["price"],
  quot: ["price"],
  allocat: ["assign"],
  alloc: ["assign"],
  provision: ["assign", "provision"],
  job: ["job"],
  automat: ["auto"],
  automatical: ["auto"],
  automatic: ["auto"],
  auto: ["auto"],
  adjust: ["adjust"],
};

const STOP_WORDS = new Set(
  (
    "a an the i me my mine we us our ours you your yours u he she they them their it its this that these those " +
    "is are am was were be been being do does did doing done have has had having can could should would will shall may might must " +
    "how what whats which when where wheres who whom whose why there theres here " +
    "to of for in on at by with from into onto about as and or but if so than then too very also just only " +
    "any some all each every both either neither no not nor cant cannot dont doesnt didnt isnt arent wont " +
    "please pls plz thanks thank hi hello hey ok okay yes yeah " +
    "get gets got getting let lets tell know want need like im ive id youre weve theyre its s t " +
    "one someone something anything thing things else way ways really actually still again much many kind sort " +
    "option options morning afternoon evening out " +
    "check see view find show look display locate across through via somewhere anywhere portal make " +
    "explain explained meaning mean means define definition describe stand stands"
  ).split(/\s+/),
);

/** Lowercase, strip accents, fold the field's multi-word spellings. */
export function prepare(text: string): string {
  let t = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, "")
    .replace(/[\u2013\u2014]/g, "-");
  for (const [re, to] of PHRASES) t = t.replace(re, to);
  return t;
}

/** Splits prepared text into raw words (letters and digits). */
export function tokenize(text: string): string[] {
  return prepare(text).split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** A light English suffix stripper: enough to join plural, -ed, -ing, -ment, -ly forms. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /^\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith("ation") && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith("ment") && w.length > 7) w = w.slice(0, -4);
  else if (w.endsWith("ally") && w.length > 6) w = w.slice(0, -4);
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  // "assigning" -> "assign", "cancelled" -> "cancel": fold a doubled final consonant.
  if (/([bdfglmnprt])\1$/.test(w) && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * One word to its index terms: stop words give none; otherwise its stem, replaced by the
 * canonical stem(s) of its synonym group where it has one.
 */
export function termsOf(word: string): string[] {
  const w = word.toLowerCase();
  if (STOP_WORDS.has(w)) return [];
  const spelled = SPELLINGS[w] ?? w;
  if (STOP_WORDS.has(spelled)) return [];
  // Numbers other than the field's 31 (days) say nothing about the topic.
  if (/^\d+$/.test(spelled) && spelled !== "31") return [];
  const s = stem(spelled);
  const syn = SYNONYMS[s] ?? SYNONYMS[spelled];
  return syn ? [...syn] : [s];
}

/** Every stem the synonym table knows: spelling correction may land on these too. */
export const SYNONYM_STEMS: readonly string[] = Object.keys(SYNONYMS);

/** The index terms of an already-stemmed word. */
export function termsOfStem(s: string): string[] {
  const syn = SYNONYMS[s];
  return syn ? [...syn] : [s];
}

/** Damerau-Levenshtein distance (adjacent transpositions count as one edit: "onbaord"), capped at `max + 1`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Edits a misspelt stem may be away from a known one: none under 4 letters, where an edit makes another word. */
export function allowedEdits(stemmed: string): number {
  return stemmed.length >= 7 ? 2 : stemmed.length >= 4 ? 1 : 0;
}

/**
 * Words of a text grouped by the word they came from (used to measure how much of a question was
 * understood). With `correct`, a word unknown to the field is first replaced by the nearest known stem.
 */
export function termGroups(text: string, correct?: (stemmed: string) => string | undefined): string[][] {
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const word of tokenize(text)) {
    let terms = termsOf(word);
    if (terms.length === 0) continue;
    if (correct && terms.length === 1) {
      const fixed = correct(terms[0]!);
      if (fixed !== undefined) terms = termsOfStem(fixed);
    }
    const key = terms.join("|");
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(terms);
  }
  return groups;
}
