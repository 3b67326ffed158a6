/**
 * `npm run bench`: every benchmark in turn, each in its own process (so one's heap and caches do
 * not slow the next): the domain (test/bench/run.ts), the reports over HTTP (./reports.ts) and
 * the load on `/api/messages` beside the echo bot (./http.ts). Each writes its own section of
 * docs/benchmarks.md (the HTTP one also docs/http-bench.md).
 *
 * All three share one generated data set (the same partner, shape and day): BENCH_CACHE when given,
 * otherwise a temp file made by the first and removed at the end; REPORTS_BENCH_CACHE, when given,
 * is the reports benchmark's own.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const temp = process.env.BENCH_CACHE ? undefined : mkdtempSync(join(tmpdir(), "bench-all-"));
const data = process.env.BENCH_CACHE ?? join(temp!, "data.db");
const env = { ...process.env, BENCH_CACHE: data, REPORTS_BENCH_CACHE: process.env.REPORTS_BENCH_CACHE ?? data };
const steps = ["run.ts", "reports.ts", "http.ts"];
let failed = false;
try {
  for (const step of steps) {
    console.log(`\n== test/bench/${step}`);
    const r = spawnSync(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, step)], { stdio: "inherit", env });
    if (r.status !== 0) {
      console.error(`test/bench/${step} failed (${r.status ?? r.signal})`);
      failed = true;
      break;
    }
  }
} finally {
  if (temp) rmSync(temp, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
