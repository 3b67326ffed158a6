/** Typed customer names to customers, forgivingly (domain/names.ts): one, several, or suggestions. */
import { knownName, matchName, nameTokens, normalizeName, suggest } from "../../domain/names";
import { cached } from "../../db/client";
import { customerNames } from "../../domain/people";
import type { Query } from "../../domain/queries";

export interface NamedCustomer {
  id: string;
  name: string;
  aliases: string[];
}

export type CustomerMatch =
  | { kind: "match"; customer: NamedCustomer }
  | { kind: "ambiguous"; candidates: NamedCustomer[] }
  | { kind: "none"; suggestions: NamedCustomer[] };

/**
 * The partner's customers as names to match. A customer's id also answers for it, and so do the
 * words of its name run together ("northwind" for North Wind).
 */
export function namedCustomers(q: Query): readonly NamedCustomer[] {
  // Read once and kept per connection and partner, with their word index, until a customer is
  // added, removed or renamed by any connection: triggers count those changes (migration 0005),
  // so the check is one row and other writes (pending changes, audit rows) keep the names. Chat
  // reads far outnumber such writes; reading and mapping 5,000 names per message was half of a
  // `customer` request (docs/http-bench.md). Inside a transaction nothing is kept: a rolled-back
  // write (a previewed onboarding) restores the counter, and the names read would be wrong.
  const client = q.db.$client;
  const read = () => Object.freeze(customerNames(q).map((c) => Object.freeze({ ...c, aliases: aliasesOf(c) })));
  if (client.inTransaction) return read();
  const stamp = cached(q.db, "customerNamesCounter", (db) => db.$client.prepare("select value from change_counters where name = 'customer_names'").pluck()).get() as number | undefined;
  if (stamp === undefined) return read();
  let byPartner = nameCache.get(client);
  if (!byPartner || byPartner.stamp !== stamp) nameCache.set(client, (byPartner = { stamp, partners: new Map() }));
  let names = byPartner.partners.get(q.partnerId);
  if (!names) byPartner.partners.set(q.partnerId, (names = read()));
  return names;
}

function aliasesOf(c: { id: string; name: string }): string[] {
  const words = knownName(c.name).tokens;
  const joined = words.join("");
  // Not when the joined word means something else to the matcher ("G W" would read as "gw", an
  // abbreviation of Google Workspace).
  return words.length > 1 && knownName(joined).normalized === joined ? [c.id, joined] : [c.id];
}

type Client = Query["db"]["$client"];
const nameCache = new WeakMap<Client, { stamp: number; partners: Map<string, readonly NamedCustomer[]> }>();

/**
 * `customer fab`: exactly one customer, the candidates (at most five), or the nearest names (at
 * most three). The same answer as matchName over every customer (property-tested), without
 * scoring 5,000 names per message: a match, exact or scored, must cover every typed word, so a
 * word index finds the few names that can match and only those are scored.
 */
export function resolveCustomer(q: Query, typed: string): CustomerMatch {
  return resolveCustomerIn(namedCustomers(q), typed);
}

/**
 * resolveCustomer over names already read (a command that tries several readings of its words).
 * When nothing matches, two neighbouring typed words are tried run together ("north wind" finds
 * Northwind), unless `runTogether` is false (a caller trying several readings of the words tries
 * every plain one first); the other way round, a name's words run together answer for it
 * (namedCustomers).
 */
export function resolveCustomerIn(all: readonly NamedCustomer[], typed: string, options: { runTogether?: boolean } = {}): CustomerMatch {
  const direct = resolveWords(all, typed);
  if (direct.kind !== "none" || options.runTogether === false) return direct;
  for (const joined of runTogether(typed)) {
    const m = resolveWords(all, joined);
    if (m.kind !== "none") return m;
  }
  return direct;
}

/** The typed words with one pair of neighbours written as one word, pair by pair. */
function runTogether(typed: string): string[] {
  const words = nameTokens(typed);
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push([...words.slice(0, i), words[i]! + words[i + 1]!, ...words.slice(i + 2)].join(" "));
  return out;
}

function resolveWords(all: readonly NamedCustomer[], typed: string): CustomerMatch {
  const query = nameTokens(typed);
  const possible = query.length ? covering(all, query) : [];
  if (possible.length === 0) return { kind: "none", suggestions: query.length ? suggest(normalizeName(typed), all, 3) : [] };
  const m = matchName(typed, possible, 5);
  if (m.kind === "match") return { kind: "match", customer: m.item };
  if (m.kind === "ambiguous") return { kind: "ambiguous", candidates: m.candidates };
  return { kind: "none", suggestions: m.suggestions };
}

/**
 * The names that cover every typed word, in their original order: the same as
 * `all.filter((c) => covers(query, c))`, but only the names holding the rarest typed word (whole or
 * as a word's start) are tested, found by binary search in a sorted list of every name's words.
 * A typed word no name starts with ends the search at once.
 */
function covering(all: readonly NamedCustomer[], query: string[]): NamedCustomer[] {
  const index = wordIndex(all);
  let narrowest: [number, number] | null = null;
  for (const q of query) {
    const range = prefixRange(index.words, q);
    if (range[1] === range[0]) return [];
    if (!narrowest || range[1] - range[0] < narrowest[1] - narrowest[0]) narrowest = range;
  }
  if (!narrowest) return [];
  const candidates = [...new Set(index.owners.subarray(narrowest[0], narrowest[1]))].sort((a, b) => a - b);
  const out: NamedCustomer[] = [];
  for (const i of candidates) if (covers(query, all[i]!)) out.push(all[i]!);
  return out;
}

interface WordIndex {
  /** Every word of every name and alias, sorted (code-unit order, as `<` compares). */
  words: string[];
  /** owners[i]: the position in the name list of the customer words[i] belongs to. */
  owners: Uint32Array;
}

/** Built once per name list: the lists are frozen and cached until a write (namedCustomers). */
const indexes = new WeakMap<readonly NamedCustomer[], WordIndex>();

function wordIndex(all: readonly NamedCustomer[]): WordIndex {
  let index = indexes.get(all);
  if (index) return index;
  const pairs: { word: string; owner: number }[] = [];
  all.forEach((c, owner) => {
    const words = new Set([...tokens(c.name), ...c.aliases.flatMap((a) => tokens(a))]);
    for (const word of words) pairs.push({ word, owner });
  });
  pairs.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : a.owner - b.owner));
  index = { words: pairs.map((p) => p.word), owners: Uint32Array.from(pairs, (p) => p.owner) };
  indexes.set(all, index);
  return index;
}

/** [from, to) of the sorted words that start with `prefix`: they sit together, from `prefix` on. */
function prefixRange(words: string[], prefix: string): [number, number] {
  const from = firstWhere(words, 0, (w) => w >= prefix);
  return [from, firstWhere(words, from, (w) => !w.startsWith(prefix))];
}

/** The first index from `lo` where `holds` is true, for a predicate false then true along the list. */
function firstWhere(words: string[], lo: number, holds: (word: string) => boolean): number {
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(words[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function tokens(name: string): readonly string[] {
  return knownName(name).tokens;
}

function covers(query: string[], c: NamedCustomer): boolean {
  return coversAll(query, tokens(c.name)) || c.aliases.some((a) => coversAll(query, tokens(a)));
}

/**
 * `customers fab`: every customer whose name holds each typed word, whole or as a word's start, in
 * any order, abbreviations expanded (the same forgiveness as resolveCustomer, but all of them).
 */
export function filterCustomers(q: Query, typed: string): { ids: string[]; suggestions: NamedCustomer[] } {
  const all = namedCustomers(q);
  const query = nameTokens(typed);
  if (query.length === 0) return { ids: all.map((c) => c.id), suggestions: [] };
  let ids = covering(all, query).map((c) => c.id);
  for (const joined of ids.length ? [] : runTogether(typed)) {
    ids = covering(all, nameTokens(joined)).map((c) => c.id);
    if (ids.length) break;
  }
  return { ids, suggestions: ids.length ? [] : suggest(typed, all, 3) };
}

function coversAll(query: string[], name: readonly string[]): boolean {
  const free = [...name];
  for (const q of query) {
    let at = free.indexOf(q);
    if (at < 0) at = free.findIndex((n) => n.startsWith(q));
    if (at < 0) return false;
    free.splice(at, 1);
  }
  return true;
}
