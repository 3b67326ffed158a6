/** The aims of issue 9 on the labelled set: top-1 >= 90%, no confident wrong answer, >= 90% of out-of-scope refused. */
import { describe, expect, it } from "vitest";
import { KNOWLEDGE, faqEntry } from "../../domain/faq";
import { tokenize } from "../../domain/faq/normalize";
import { evaluate, loadEvalSet } from "./evaluate";

const set = loadEvalSet();
const { metrics, cases } = evaluate(set);

describe("FAQ evaluation set", () => {
  it("holds at least 80 in-scope and 20 out-of-scope questions, labelled with entries that exist", () => {
    expect(set.inScope.length).toBeGreaterThanOrEqual(80);
    expect(set.outOfScope.length).toBeGreaterThanOrEqual(20);
    const unknown = set.inScope.flatMap((c) => c.expect).filter((id) => !faqEntry(id));
    expect(unknown).toEqual([]);
  });

  // An entry's canonical question may coincide with the plainest way to ask it ("what is a pooled
  // subscription?"); its phrasings and keywords, where tuning would copy to, must not.
  it("is not copied into the knowledge base: no labelled question is an entry's phrasing or keyword", () => {
    const norm = (s: string) => tokenize(s).join(" ");
    const written = new Set(KNOWLEDGE.flatMap((e) => [...e.phrasings, ...e.keywords]).map(norm));
    const copied = [...set.inScope, ...set.outOfScope].map((c) => c.q).filter((q) => written.has(norm(q)));
    expect(copied).toEqual([]);
  });

  it("ranks the right entry first for at least 90% of in-scope questions", () => {
    expect(metrics.top1).toBeGreaterThanOrEqual(0.9);
  });

  it("never answers with confidence when the answer is wrong", () => {
    expect(cases.filter((c) => c.confidentWrong).map((c) => c.q)).toEqual([]);
  });

  it("refuses at least 90% of out-of-scope questions (not sure, or not my field)", () => {
    expect(metrics.refused).toBeGreaterThanOrEqual(0.9);
  });

  it("has the right entry among the three shown for at least 95% of in-scope questions", () => {
    expect(metrics.top3).toBeGreaterThanOrEqual(0.95);
  });
});
