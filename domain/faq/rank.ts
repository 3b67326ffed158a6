/**
 * Local ranking of FAQ entries for a question: MiniSearch (BM25) over the entries' question,
 * phrasings, keywords and answer, all passed through the same field normalisation
 * (normalize.ts), with the question's typos corrected against the field's vocabulary first.
 * No network; the indexes are built once, on first use.
 */
import MiniSearch from "minisearch";
import { CATALOG } from "../../db/catalog";
import { KNOWLEDGE, faqEntry, type FaqEntry } from "./knowledge";
import { SYNONYM_STEMS, allowedEdits, editDistance, termGroups, termsOf, termsOfStem, tokenize } from "./normalize";

interface Doc {
  id: string;
  question: string;
  phrasings: string;
  keywords: string;
  answer: string;
}

export interface Ranked {
  entry: FaqEntry;
  /** MiniSearch's score (BM25, boosted by field), times `coverage`. */
  score: number;
  /** Share of the question's content words (0..1) this entry matched, after typo correction. */
  coverage: number;
}

export interface Ranking {
  /** The question's content words, each as its normalised terms. */
  words: string[][];
  /** Share of the question's content words that match anything in the knowledge base. */
  known: number;
  results: Ranked[];
}

const FIELDS = ["question", "phrasings", "keywords", "answer"] as const;
const BOOST: Record<(typeof FIELDS)[number], number> = { question: 3, phrasings: 2, keywords: 2, answer: 0.5 };

/** Catalog services, searched apart so a question naming one ("is tyGraph pooled?") finds the service lists. */
interface ServiceDoc {
  id: string;
  name: string;
  detail: string;
}

/** Entries that a question naming a catalog service is routed to (by whether it names a channel). */
const SERVICE_LIST = "pooled-services";
const DISTRIBUTION_LIST = "distribution-services";
const CHANNEL_TERMS = new Set(["marketplac", "offmarketplac", "distributor"]);

interface Indexes {
  entries: MiniSearch<Doc>;
  services: MiniSearch<ServiceDoc>;
  /** Terms found in service names but in no other entry: only these make a question about a service. */
  serviceOnly: ReadonlySet<string>;
  /** Every stem the field knows (index terms and the synonym table), for spelling correction. */
  vocabulary: ReadonlySet<string>;
}

let indexes: Indexes | undefined;

const MAX_QUESTION_CHARS = 1_000;
const MAX_WORDS = 40;

// Typos are corrected against the field's vocabulary before searching (see `correct`), which
// also reaches synonyms ("decrase" -> "decreas" -> "reduc"); MiniSearch's own fuzzy matching
// could only reach words the entries happen to contain.
const SEARCH_OPTIONS = { combineWith: "OR" } as const;

function processTerm(term: string): string[] | null {
  const terms = termsOf(term);
  return terms.length > 0 ? terms : null;
}

function termsOfText(text: string): string[] {
  return tokenize(text).flatMap(termsOf);
}

function buildIndexes(): Indexes {
  const entries = new MiniSearch<Doc>({
    fields: [...FIELDS],
    storeFields: [],
    tokenize,
    processTerm,
    searchOptions: { ...SEARCH_OPTIONS, boost: BOOST },
  });
  entries.addAll(
    KNOWLEDGE.map((e) => ({
      id: e.id,
      question: e.question,
      phrasings: e.phrasings.join("\n"),
      keywords: e.keywords.join("\n"),
      answer: e.answer,
    })),
  );
  const services = new MiniSearch<ServiceDoc>({
    fields: ["name", "detail"],
    storeFields: [],
    tokenize,
    processTerm,
    searchOptions: { ...SEARCH_OPTIONS, boost: { name: 2, detail: 1 } },
  });
  services.addAll(CATALOG.map((s) => ({ id: s.id, name: [s.name, ...(s.aliases ?? [])].join("\n"), detail: s.detail ?? "" })));
  const elsewhere = new Set(
    KNOWLEDGE.filter((e) => e.id !== SERVICE_LIST && e.id !== DISTRIBUTION_LIST).flatMap((e) =>
      termsOfText([e.question, ...e.phrasings, ...e.keywords, e.answer].join("\n")),
    ),
  );
  const serviceOnly = new Set(
    CATALOG.flatMap((s) => termsOfText(`${s.name} ${s.detail ?? ""}`)).filter((t) => !elsewhere.has(t)),
  );
  const vocabulary = new Set([
    ...KNOWLEDGE.flatMap((e) => termsOfText([e.question, ...e.phrasings, ...e.keywords, e.answer].join("\n"))),
    ...CATALOG.flatMap((s) => termsOfText(`${s.name} ${s.detail ?? ""}`)),
    ...SYNONYM_STEMS,
    ...SYNONYM_STEMS.flatMap(termsOfStem),
  ]);
  return { entries, services, serviceOnly, vocabulary };
}

const corrections = new Map<string, string | null>();
const MAX_CACHED_CORRECTIONS = 10_000;

/** The nearest known stem to an unknown one, within the edits its length allows (memoised). */
function correct(stemmed: string): string | undefined {
  const { vocabulary } = searchIndexes();
  if (vocabulary.has(stemmed)) return undefined;
  const cached = corrections.get(stemmed);
  if (cached !== undefined) return cached ?? undefined;
  const max = allowedEdits(stemmed);
  let best: string | undefined;
  let bestDistance = max + 1;
  if (max > 0) {
    for (const known of vocabulary) {
      if (known.length < 4 || Math.abs(known.length - stemmed.length) > max) continue;
      // Typos seldom touch the first letter; a swap of the first two is still caught.
      if (known[0] !== stemmed[0] && !(known[0] === stemmed[1] && known[1] === stemmed[0])) continue;
      const d = editDistance(stemmed, known, max);
      if (d < bestDistance) [best, bestDistance] = [known, d];
    }
  }
  if (corrections.size >= MAX_CACHED_CORRECTIONS) corrections.clear();
  corrections.set(stemmed, best ?? null);
  return best;
}

function searchIndexes(): Indexes {
  indexes ??= buildIndexes();
  return indexes;
}

function coverageOf(words: string[][], matched: ReadonlySet<string>): number {
  if (words.length === 0) return 0;
  const hit = words.filter((w) => w.some((t) => matched.has(t))).length;
  return hit / words.length;
}

/** Ranks every entry that shares at least one (normalised, typo-corrected) word with the question. */
export function rank(question: string): Ranking {
  const { entries, services, serviceOnly } = searchIndexes();
  // A chat message, not a document: a pasted log or novel is cut rather than searched whole.
  const words = termGroups(question.slice(0, MAX_QUESTION_CHARS), correct).slice(0, MAX_WORDS);
  if (words.length === 0) return { words, known: 0, results: [] };
  // The words are normalised already: search them as they are.
  const query = [...new Set(words.flat())].join(" ");
  const asIs = { tokenize: (q: string) => q.split(" "), processTerm: (t: string) => t };

  const hits = new Map<string, { score: number; terms: Set<string> }>();
  for (const r of entries.search(query, asIs)) hits.set(String(r.id), { score: r.score, terms: new Set(r.queryTerms) });

  // A question naming a catalog service (by a word no other entry uses) is about the service
  // lists: which one depends on whether it asks about a distribution channel.
  const service = services.search(query, asIs).find((r) => r.terms.some((t) => serviceOnly.has(t)));
  if (service) {
    const target = words.some((w) => w.some((t) => CHANNEL_TERMS.has(t))) ? DISTRIBUTION_LIST : SERVICE_LIST;
    const hit = hits.get(target) ?? { score: 0, terms: new Set<string>() };
    hit.score += service.score;
    for (const t of service.queryTerms) hit.terms.add(t);
    hits.set(target, hit);
  }

  const anywhere = new Set([...hits.values()].flatMap((h) => [...h.terms]));
  const results: Ranked[] = [];
  for (const [id, h] of hits) {
    const entry = faqEntry(id);
    if (!entry) continue;
    const coverage = coverageOf(words, h.terms);
    // An entry that explains more of the question ranks higher than one that matches a part well.
    results.push({ entry, score: h.score * coverage, coverage });
  }
  results.sort((a, b) => b.score - a.score);
  return { words, known: coverageOf(words, anywhere), results };
}
