import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";

const FILE = resolve(import.meta.dirname, "../../docs/benchmarks.md");

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The machine a result was measured on, as a line for the report. */
export function machine(): string {
  const c = cpus();
  return `Machine: ${c.length} × ${c[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}; measured ${new Date().toISOString().slice(0, 10)}.`;
}

/**
 * Replaces one named section of a results file (docs/benchmarks.md unless told) between its
 * markers, keeping the others and the prose written by hand around them. Returns the file's path.
 */
export function updateSection(name: string, body: string, file = FILE): string {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nEach section is written by the command it names; numbers are from the machine it names.\n";
  const block = `${start}\n${body}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
  return file;
}
