/**
 * npm run eval:faq [-- --failures] [-- --holdout-failures]
 * Prints top-1 / top-3 accuracy, out-of-scope refusals and confident-wrong answers on the
 * labelled set, for all of it and per split. --failures lists the dev split's misses; the
 * holdout's are listed only on request, so tuning does not look at them.
 */
import { answerQuestion } from "../../domain/faq";
import { evaluate, loadEvalSet, type CaseResult, type Metrics, type SplitName } from "./evaluate";

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function row(name: string, m: Metrics): string {
  return `| ${name} | ${m.inScope} | ${m.outOfScope} | ${pct(m.top1)} | ${pct(m.top3)} | ${pct(m.answeredRight)} | ${pct(m.refused)} (${pct(m.refusedAsOutOfScope)}) | ${m.confidentWrong} | ${m.inScopeRejected} |`;
}

function describe(c: CaseResult): string {
  const a = c.answer;
  const got = a.kind === "answer" ? `answer ${a.entry.id}` : a.kind === "unsure" ? `unsure [${a.candidates.map((e) => e.id).join(", ")}]` : "out_of_scope";
  return `  ${JSON.stringify(c.q)}  expect ${c.expect ? c.expect.join("|") : "refusal"}  got ${got}`;
}

const set = loadEvalSet();
answerQuestion("warm up the index");
const all = evaluate(set);
const splits: SplitName[] = ["dev", "holdout", "holdout2"];

console.log("| set | in-scope | out-of-scope | top-1 | top-3 | answered right | out-of-scope refused (as out_of_scope) | confident wrong | in-scope called out of scope |");
console.log("|---|---|---|---|---|---|---|---|---|");
console.log(row("all", all.metrics));
for (const s of splits) console.log(row(s, evaluate(set, s).metrics));
console.log(`\nmean time per question: ${all.metrics.meanMicros.toFixed(0)} µs (index built before timing)`);

const show = new Set<SplitName>();
if (process.argv.includes("--failures")) show.add("dev");
if (process.argv.includes("--holdout-failures")) show.add("holdout");
if (process.argv.includes("--holdout2-failures")) show.add("holdout2");
for (const s of show) {
  const misses = all.cases.filter((c) => c.split === s && (c.expect ? !c.top1 || c.confidentWrong : c.answer.kind === "answer"));
  console.log(`\n${s}: ${misses.length} misses (top-1 wrong, confident wrong, or out-of-scope answered)`);
  for (const c of misses) console.log(describe(c));
}

const m = all.metrics;
const aimsMet = m.top1 >= 0.9 && m.confidentWrong === 0 && m.refused >= 0.9;
console.log(`\naims (top-1 >= 90%, no confident wrong, >= 90% out-of-scope refused): ${aimsMet ? "met" : "NOT met"}`);
process.exitCode = aimsMet ? 0 : 1;
