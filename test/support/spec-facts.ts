/**
 * What tests check against the shared spec and the source document, kept in the repository
 * (test/fixtures/spec-facts.json) so the checks run on a clean clone, where `../shared` is absent.
 * `npm run spec:facts` rewrites the fixture from `../shared`; a test fails when the two differ.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface SpecFacts {
  /** Every rule ID the licensing rules define (`- A5. ...`), in the spec's order. */
  ruleIds: string[];
  /** The code spans of the command table in the bot spec (`assign <qty> <service> to ...`). */
  commands: string[];
  /** Every number and link in the source document, sorted: an answer may state only these. */
  sourceFacts: string[];
}

export const SHARED_DIR = join(import.meta.dirname, "../../../shared");
export const FIXTURE = join(import.meta.dirname, "../fixtures/spec-facts.json");

/** The facts as the fixture has them. */
export function specFacts(): SpecFacts {
  return JSON.parse(readFileSync(FIXTURE, "utf8")) as SpecFacts;
}

/** The facts read from `../shared` itself, or undefined where it is not there (a clean clone). */
export function sharedFacts(dir = SHARED_DIR): SpecFacts | undefined {
  const rules = join(dir, "spec/licensing-rules.md");
  const bot = join(dir, "spec/bot.md");
  const seed = join(dir, "seed");
  if (!existsSync(rules) || !existsSync(bot) || !existsSync(seed)) return undefined;
  const ruleIds = [...readFileSync(rules, "utf8").matchAll(/^- ([TUPACBR]\d{1,2})\./gm)].map((m) => m[1]!);
  const table = readFileSync(bot, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("| `"));
  const commands = table.flatMap((line) => [...line.split(" | ")[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  const source = readdirSync(seed)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(join(seed, f), "utf8"))
    .join("\n");
  const sourceFacts = [...new Set(source.match(/https?:\/\/[^\s)]+|\d+/g) ?? [])].sort();
  return { ruleIds, commands, sourceFacts };
}
