/** Scores the FAQ ranking on the labelled set (test/faq/eval-set.json); shared by eval.ts and the tests. */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { judgeQuestion, type FaqAnswer } from "../../domain/faq";

const Split = z.enum(["dev", "holdout", "holdout2"]).default("dev");
export const EvalSet = z.object({
  inScope: z.array(z.object({ q: z.string().min(1), expect: z.array(z.string()).min(1), split: Split })).min(80),
  outOfScope: z.array(z.object({ q: z.string().min(1), split: Split })).min(20),
});
export type EvalSet = z.infer<typeof EvalSet>;
export type SplitName = z.infer<typeof Split>;

export function loadEvalSet(): EvalSet {
  return EvalSet.parse(JSON.parse(readFileSync(new URL("./eval-set.json", import.meta.url), "utf8")));
}

export interface CaseResult {
  q: string;
  split: SplitName;
  expect: string[] | null;
  answer: FaqAnswer;
  ranked: string[];
  top1: boolean;
  top3: boolean;
  /** An answer given with confidence that is wrong (or any confident answer to an out-of-scope question). */
  confidentWrong: boolean;
}

export interface Metrics {
  inScope: number;
  outOfScope: number;
  top1: number;
  top3: number;
  /** In-scope questions answered confidently and rightly. */
  answeredRight: number;
  /** Out-of-scope questions not answered (unsure or out_of_scope). */
  refused: number;
  /** Out-of-scope questions classified out_of_scope exactly. */
  refusedAsOutOfScope: number;
  confidentWrong: number;
  /** In-scope questions wrongly called out of scope. */
  inScopeRejected: number;
  meanMicros: number;
}

/** What the partner is shown first: the answer, or the first button of an "unsure" reply. */
function shown(a: FaqAnswer): string[] {
  if (a.kind === "answer") return [a.entry.id, ...a.alternatives.map((e) => e.id)];
  if (a.kind === "unsure") return a.candidates.map((e) => e.id);
  return [];
}

export function runCase(q: string, expect: string[] | null, split: SplitName): CaseResult {
  const { answer, ranked } = judgeQuestion(q);
  const ids = shown(answer);
  const ok = (id: string | undefined) => id !== undefined && expect !== null && expect.includes(id);
  return {
    q,
    split,
    expect,
    answer,
    ranked: ranked.slice(0, 3).map((r) => r.entry.id),
    top1: ok(ids[0]),
    top3: ids.slice(0, 3).some(ok),
    confidentWrong: answer.kind === "answer" && !ok(answer.entry.id),
  };
}

export function evaluate(set: EvalSet, split?: SplitName): { metrics: Metrics; cases: CaseResult[] } {
  const inScope = set.inScope.filter((c) => !split || c.split === split);
  const outOfScope = set.outOfScope.filter((c) => !split || c.split === split);
  const t0 = process.hrtime.bigint();
  const cases = [
    ...inScope.map((c) => runCase(c.q, c.expect, c.split)),
    ...outOfScope.map((c) => runCase(c.q, null, c.split)),
  ];
  const micros = Number(process.hrtime.bigint() - t0) / 1000 / Math.max(1, cases.length);
  const ins = cases.filter((c) => c.expect !== null);
  const oos = cases.filter((c) => c.expect === null);
  return {
    cases,
    metrics: {
      inScope: ins.length,
      outOfScope: oos.length,
      top1: ins.filter((c) => c.top1).length / ins.length,
      top3: ins.filter((c) => c.top3).length / ins.length,
      answeredRight: ins.filter((c) => c.answer.kind === "answer" && c.top1).length / ins.length,
      refused: oos.filter((c) => c.answer.kind !== "answer").length / oos.length,
      refusedAsOutOfScope: oos.filter((c) => c.answer.kind === "out_of_scope").length / oos.length,
      confidentWrong: cases.filter((c) => c.confidentWrong).length,
      inScopeRejected: ins.filter((c) => c.answer.kind === "out_of_scope").length,
      meanMicros: micros,
    },
  };
}
