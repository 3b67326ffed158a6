import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const FILE = resolve(import.meta.dirname, "../../../docs/http-bench.md");

/**
 * Replaces the generated section of docs/http-bench.md (between its markers), keeping the prose
 * written by hand around it, as test/bench/report.ts does for docs/benchmarks.md.
 */
export function updateHttpSection(body: string): string {
  const start = "<!-- bench:http:start -->";
  const end = "<!-- bench:http:end -->";
  let text = existsSync(FILE) ? readFileSync(FILE, "utf8") : "# HTTP load benchmark\n";
  const block = `${start}\n${body}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, text);
  return FILE;
}
