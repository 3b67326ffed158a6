/** The spec itself: the committed copy of its facts is current, and every rule ID has a test. */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedFacts, specFacts } from "./support/spec-facts";

const shared = sharedFacts();

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "fixtures" || e.name === "node_modules" ? [] : testFiles(path);
    return /\.(test|e2e)\.ts$/.test(e.name) ? [path] : [];
  });
}

describe("the spec", () => {
  it.runIf(shared !== undefined)("test/fixtures/spec-facts.json matches ../shared (npm run spec:facts rewrites it)", () => {
    expect(specFacts()).toEqual(shared);
  });

  it("names every rule ID in at least one test file", () => {
    const files = testFiles(import.meta.dirname).map((f) => ({ f: relative(import.meta.dirname, f), text: readFileSync(f, "utf8") }));
    const untested = specFacts().ruleIds.filter((id) => !files.some(({ text }) => new RegExp(`\\b${id}\\b`).test(text)));
    expect(untested).toEqual([]);
    expect(specFacts().ruleIds.length).toBeGreaterThan(0);
  });
});
