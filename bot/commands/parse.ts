/** Typed text to a command: case-insensitive words, the bot's @mention already stripped by the transport. */
import { EXPIRING_DAYS, NOT_BUILT, type NotBuilt } from "../../cards";

/** Longer than any command or feedback (4,000 characters plus the word) is answered without parsing. */
export const TEXT_MAX = 4_100;

export type TextCommand =
  | { kind: "help" }
  | { kind: "customers"; text: string }
  | { kind: "customer"; name: string }
  | { kind: "expiring"; days: number }
  | { kind: "bad-days"; raw: string }
  | { kind: "admins" }
  | { kind: "history"; name: string }
  | { kind: "feedback"; text: string }
  | { kind: "not-built"; command: NotBuilt }
  | { kind: "too-long"; length: number; feedback: boolean }
  | { kind: "unknown"; text: string; didYouMean: string | null };

const GREETINGS = new Set(["help", "?", "home", "menu", "start", "hi", "hello", "hey", "commands"]);
const NOT_BUILT_WORDS = new Set<string>(NOT_BUILT.filter((c) => !c.includes(" ")));
/** Every command word, for "did you mean". */
const WORDS = ["help", "customers", "customer", "expiring", "admins", "history", "feedback", ...NOT_BUILT_WORDS];

export function parseText(input: string): TextCommand {
  if (input.length > TEXT_MAX) {
    return { kind: "too-long", length: input.length, feedback: /^\s*feedback\b/i.test(input.slice(0, 40)) };
  }
  const text = input.replace(/\s+/g, " ").trim();
  const space = text.indexOf(" ");
  const word = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const rest = space < 0 ? "" : text.slice(space + 1).trim();

  if (text === "" || GREETINGS.has(word)) return { kind: "help" };
  switch (word) {
    case "customers":
      return { kind: "customers", text: rest };
    case "customer":
      // A bare `customer` lists them: the quickest way to the one meant.
      return rest ? { kind: "customer", name: rest } : { kind: "customers", text: "" };
    case "expiring":
      return expiringDays(rest);
    case "admins":
      return { kind: "admins" };
    case "admin": {
      const sub = rest.split(" ")[0]?.toLowerCase() ?? "";
      if (sub === "") return { kind: "admins" };
      if (sub === "add") return { kind: "not-built", command: "admin add" };
      if (sub === "remove") return { kind: "not-built", command: "admin remove" };
      return unknown(text);
    }
    case "history":
      return { kind: "history", name: rest };
    case "feedback":
      return { kind: "feedback", text: rest };
  }
  if (NOT_BUILT_WORDS.has(word)) return { kind: "not-built", command: word as NotBuilt };
  return unknown(text);
}

/** `expiring`, `expiring 30`, `expiring 30 days`, `expiring 7d`. */
function expiringDays(rest: string): TextCommand {
  if (rest === "") return { kind: "expiring", days: EXPIRING_DAYS.default };
  const m = /^(\d{1,6})\s*(d|days?)?$/i.exec(rest);
  const days = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(days) || days < EXPIRING_DAYS.min || days > EXPIRING_DAYS.max) return { kind: "bad-days", raw: rest };
  return { kind: "expiring", days };
}

/** A typo of a command word ("custmers") gets a guess; a sentence does not (the FAQ will answer those). */
function unknown(text: string): TextCommand {
  const words = text.split(" ");
  const first = words[0]!.toLowerCase();
  let guess: string | null = null;
  if (words.length <= 4 && first.length >= 4 && first.length <= 20) {
    // One slip in a short word, two in a long one: "custmers", "expirng", "histroy".
    const allowed = first.length <= 6 ? 1 : 2;
    let best = allowed + 1;
    for (const w of WORDS) {
      const d = editDistance(first, w);
      if (d < best) [best, guess] = [d, w];
    }
  }
  return { kind: "unknown", text, didYouMean: guess };
}

/** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters counts as one slip. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
