/**
 * Answers a partner's question from the knowledge base, or says honestly that it is not sure
 * (offering the closest topics) or that the question is outside the field. It never composes
 * text: an answer is an entry of KNOWLEDGE, as written.
 */
import type { FaqEntry } from "./knowledge";
import { rank, type Ranked } from "./rank";

export type FaqAnswer =
  | { kind: "answer"; entry: FaqEntry; score: number; alternatives: FaqEntry[] }
  | { kind: "unsure"; candidates: FaqEntry[] }
  | { kind: "out_of_scope" };

/**
 * Thresholds, set on the dev and holdout splits of test/faq/eval-set.json (holdout2 checks them
 * blind; see docs/faq-eval.md). Scores are BM25 x coverage (rank.ts).
 * - `minKnown`, `minTopCoverageInScope`: under this share of the question's words known to the
 *   field, or matched by the best entry, the question is outside the field.
 * - `minCoverage`: the best entry must match this share of the question's words to be answered...
 * - `minScore`: ...with at least this score...
 * - `maxRunnerUpRatio`: ...the runner-up scoring at most this share of it...
 * - `clearLeadRatio`: ...and every entry scoring above this share of it matching less of the question.
 */
export const THRESHOLDS = {
  minKnown: 0.5,
  minTopCoverageInScope: 0.34,
  minCoverage: 0.6,
  minScore: 25,
  maxRunnerUpRatio: 0.7,
  clearLeadRatio: 0.5,
} as const;

/** The knowledge base states no prices: a question about one is never answered with confidence. */
function asksPrice(words: readonly string[][]): boolean {
  return words.some((w) => w.includes("price"));
}

const CANDIDATES = 3;

export interface Judged {
  answer: FaqAnswer;
  /** The ranking behind the answer, for evaluation and logs. */
  ranked: Ranked[];
  known: number;
}

/** Like `answerQuestion`, with the ranking it was decided on. */
export function judgeQuestion(text: string): Judged {
  const { words, known, results } = rank(text);
  const [top, second] = results;
  const decide = (): FaqAnswer => {
    if (!top || known < THRESHOLDS.minKnown || top.coverage < THRESHOLDS.minTopCoverageInScope) {
      return { kind: "out_of_scope" };
    }
    const ratio = second ? second.score / top.score : 0;
    // Clearly ahead: the runner-up well behind, and every entry that comes close explaining less
    // of the question.
    const rivals = results.slice(1).filter((r) => r.score > top.score * THRESHOLDS.clearLeadRatio);
    const ahead = ratio <= THRESHOLDS.maxRunnerUpRatio && rivals.every((r) => top.coverage > r.coverage);
    if (!asksPrice(words) && top.coverage >= THRESHOLDS.minCoverage && top.score >= THRESHOLDS.minScore && ahead) {
      return {
        kind: "answer",
        entry: top.entry,
        score: top.score,
        alternatives: results.slice(1, CANDIDATES).map((r) => r.entry),
      };
    }
    return { kind: "unsure", candidates: results.slice(0, CANDIDATES).map((r) => r.entry) };
  };
  return { answer: decide(), ranked: results, known };
}

/**
 * The FAQ answer to a free-text question: `answer` when one entry is clearly the match,
 * `unsure` with the three closest entries otherwise, `out_of_scope` when the question shares
 * too little with the field. Pure and synchronous; the index is built on the first call.
 */
export function answerQuestion(text: string): FaqAnswer {
  return judgeQuestion(text).answer;
}
