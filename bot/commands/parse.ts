/** Typed text to a command: case-insensitive words, the bot's @mention already stripped by the transport. */
import { EXPIRING_DAYS, type ChangeForm } from "../../cards";
import { parseReport, REPORT_WORDS, type ReportCommand } from "./reports/parse";

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
  | { kind: "notify"; text: string }
  | { kind: "change"; command: ChangeCommand }
  /** `pools`, `usage`, `report ...`, `bill` (bot/commands/reports/parse.ts). */
  | { kind: "report"; command: ReportCommand }
  /** A change command missing a part: how to type it, and its form. */
  | { kind: "change-usage"; form: ChangeForm; name: string }
  | { kind: "too-long"; length: number; feedback: boolean }
  /** `faq <question>` (any other text that is no command is asked of the FAQ too: bot/commands/faq.ts). */
  | { kind: "faq"; question: string }
  | { kind: "unknown"; text: string; didYouMean: string | null };

/**
 * A change command as typed, its parts still raw text: numbers and dates are checked, and names
 * resolved, by bot/commands/change.ts (so a bad one gets its own clear answer).
 */
export type ChangeCommand =
  | { form: "assign"; quantity: string; service: string; customer: string; pool: string | null; until: string | null }
  | { form: "seats"; target: string; quantity: string }
  | { form: "extend"; target: string; date: string }
  | { form: "extendAll"; pool: string; to: string }
  | { form: "switch"; target: string; pool: string }
  | { form: "onboard"; name: string }
  | { form: "disconnect"; customer: string }
  | { form: "adminAdd" | "adminRemove"; user: string }
  | { form: "owner"; target: string }
  | { form: "allocate"; quantity: string; pool: string; msp: string };

const GREETINGS = new Set(["help", "?", "home", "menu", "start", "hi", "hello", "hey", "commands"]);
/** Every command word, for "did you mean". */
const WORDS = ["help", "customers", "customer", "expiring", "admins", "admin", "history", "feedback", "assign", "seats", "extend", "switch", "onboard", "disconnect", "owner", "allocate", ...REPORT_WORDS, "notify"];

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
      const user = rest.slice(sub.length).trim();
      if (sub === "add") return user ? change({ form: "adminAdd", user }) : usage("adminAdd", "admin add");
      if (sub === "remove") return user ? change({ form: "adminRemove", user }) : usage("adminRemove", "admin remove");
      return unknown(text);
    }
    case "history":
      return { kind: "history", name: rest };
    case "feedback":
      return { kind: "feedback", text: rest };
    case "faq":
      return { kind: "faq", question: rest };
    case "assign":
      return assign(rest);
    case "seats": {
      const m = /^(.+)\s+(\S+)$/.exec(rest);
      return m ? change({ form: "seats", target: m[1]!, quantity: m[2]! }) : usage("seats", "seats");
    }
    case "extend": {
      const all = /^all\b\s*(.*)$/i.exec(rest);
      if (all) {
        const m = /^(.+?)\s+to\s+(\S+)$/i.exec(all[1]!);
        return m ? change({ form: "extendAll", pool: m[1]!, to: m[2]! }) : usage("extendAll", "extend all");
      }
      const m = /^(.+)\s+to\s+(\S+)$/i.exec(rest);
      return m ? change({ form: "extend", target: m[1]!, date: m[2]! }) : usage("extend", "extend");
    }
    case "switch": {
      const m = /^(.+)\s+to\s+(.+)$/i.exec(channelWords(rest));
      return m ? change({ form: "switch", target: m[1]!, pool: m[2]! }) : usage("switch", "switch");
    }
    case "onboard":
      return change({ form: "onboard", name: rest });
    case "disconnect":
      return rest ? change({ form: "disconnect", customer: rest }) : usage("disconnect", "disconnect");
    case "owner":
      return rest ? change({ form: "owner", target: rest }) : usage("owner", "owner");
    case "allocate": {
      const m = /^(\S+)\s+(\S+)\s+to\s+(.+)$/i.exec(rest);
      return m ? change({ form: "allocate", quantity: m[1]!, pool: m[2]!, msp: m[3]! }) : usage("allocate", "allocate");
    }
  }
  if (word === "notify") return { kind: "notify", text: ["notify", rest].filter(Boolean).join(" ") };
  const report = parseReport(word, rest);
  if (report) return { kind: "report", command: report };
  return unknown(text);
}

function change(command: ChangeCommand): TextCommand {
  return { kind: "change", command };
}

function usage(form: ChangeForm, name: string): TextCommand {
  return { kind: "change-usage", form, name };
}

/** The channel words as one token each: "off marketplace" and "pay as you go" are typed too. */
function channelWords(text: string): string {
  return text.replace(/\boff[\s_-]+marketplace\b/gi, "off-marketplace").replace(/\bpay[\s-]+as[\s-]+you[\s-]+go\b/gi, "payg");
}

/** `assign <qty> <service> to <customer> [from <pool>] [until <date>]`, the two options in either order. */
function assign(rest: string): TextCommand {
  let body = channelWords(rest);
  let pool: string | null = null;
  let until: string | null = null;
  for (;;) {
    const m = /\s+(from|until)\s+(\S+)$/i.exec(body);
    if (!m) break;
    const word = m[1]!.toLowerCase();
    if (word === "from" && pool === null) pool = m[2]!;
    else if (word === "until" && until === null) until = m[2]!;
    else break;
    body = body.slice(0, m.index);
  }
  const m = /^(\S+)\s+(.+?)\s+to\s+(.+)$/i.exec(body);
  if (!m) return usage("assign", "assign");
  return change({ form: "assign", quantity: m[1]!, service: m[2]!, customer: m[3]!, pool, until });
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
