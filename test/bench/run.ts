/**
 * `npm run bench:domain` (first of `npm run bench`): the domain benchmark (issue 4). Generates a 5,000-customer partner on a temp
 * database file, measures assignments per second through the `assign` verb (with its audit row),
 * and the time of each read model; writes the results into docs/benchmarks.md.
 *
 * While iterating, `BENCH_CACHE=/tmp/some.db npm run bench:domain` keeps the generated data in that file
 * and starts later runs from a copy of it (pending migrations are applied on open); the report then
 * says the data came from the cache.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../db/client";
import { assign } from "../../domain";
import type { Ctx } from "../../domain/context";
import { addDays } from "../../domain/dates";
import * as Q from "../../domain/queries";
import { DEFAULT_SHAPE, generatePartner } from "./generate";
import { machine, percentile, updateSection } from "./report";

const TODAY = "2026-11-28";
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const at = new Date(`${TODAY}T10:00:00Z`);
const clock = () => at;

const dir = mkdtempSync(join(tmpdir(), "bench-"));
const file = join(dir, "bench.db");
const cache = process.env.BENCH_CACHE;
const fromCache = cache !== undefined && existsSync(cache);
if (fromCache) copyFileSync(cache, file);
const db = openDatabase(file);
try {
  const t0 = performance.now();
  const { partnerId, adminId } = fromCache ? { partnerId: "bench", adminId: "bench-admin" } : generatePartner(db, TODAY, DEFAULT_SHAPE);
  const genMs = performance.now() - t0;
  if (cache && !fromCache) {
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    copyFileSync(file, cache);
  }
  const count = (t: string) => (db.$client.prepare(`select count(*) n from ${t}`).get() as { n: number }).n;
  const sizes = { customers: count("customers"), assignments: count("assignments"), usage: count("usage"), jobs: count("jobs") };
  console.log(`generated in ${(genMs / 1000).toFixed(1)} s:`, sizes);

  // Assign throughput: each call is a full verb (validation, every rule, insert, history, audit, commit).
  const ctx: Ctx = { db, clock, actor: { kind: "user", partnerId, aadObjectId: adminId, name: "Bench Admin", role: "administrator" } };
  const free = db.$client
    .prepare(
      `select c.id from customers c where c.id not like 'c%0' and not exists
         (select 1 from assignments a where a.customer_id = c.id and a.service_id = 'cense') limit 3000`,
    )
    .all() as { id: string }[];
  const N = Math.min(3000, free.length);
  const ta = performance.now();
  const ca = process.cpuUsage();
  let ok = 0;
  for (let i = 0; i < N; i++) {
    const r = assign(ctx, { customerId: free[i]!.id, poolId: "cense-direct", quantity: 10 });
    if (r.ok) ok++;
    else throw new Error(JSON.stringify(r.refusal));
  }
  const assignMs = performance.now() - ta;
  const assignCpuMs = cpuMs(process.cpuUsage(ca));
  const perSecond = Math.round((ok / assignMs) * 1000);
  const perCpuSecond = Math.round((ok / assignCpuMs) * 1000);
  console.log(`assign: ${ok} in ${assignMs.toFixed(0)} ms = ${perSecond}/s (CPU ${assignCpuMs.toFixed(0)} ms = ${perCpuSecond}/s)`);

  const q = Q.queryFor(db, partnerId, clock);
  const someCustomer = "c123";
  const bigSource = Q.subscriptionUsage(q).sort((a, b) => b.customers - a.customers)[0]!.key;
  const month = addDays(TODAY, -40).slice(0, 7);
  const cases: [string, () => unknown][] = [
    ["subscriptionUsage (R1, all pools)", () => Q.subscriptionUsage(q)],
    ["sourceCustomers (R1 detail, largest pool, page of 20)", () => Q.sourceCustomers(q, bigSource, { limit: 20 })],
    ["sourceCustomers (R1 detail, largest pool, all)", () => Q.sourceCustomers(q, bigSource)],
    ["customerUsage cycle (R2/B2, page of 20)", () => Q.customerUsage(q, { period: { kind: "cycle", month }, limit: 20 })],
    ["customerUsage today (R2/B2, page of 20)", () => Q.customerUsage(q, { period: { kind: "today" }, limit: 20 })],
    ["customerUsage one customer", () => Q.customerUsage(q, { period: { kind: "today" }, customerId: someCustomer })],
    ["usageTrend (six months, one customer)", () => Q.usageTrend(q, someCustomer)],
    ["customerOperations 30d (R3)", () => Q.customerOperations(q, Q.lastDays(q, 30))],
    ["customerOperations 90d failed (R3)", () => Q.customerOperations(q, Q.lastDays(q, 90, "failed"))],
    ["serviceOperations 30d (R3 detail)", () => Q.serviceOperations(q, "cloud-backup-for-microsoft-365", Q.lastDays(q, 30))],
    ["storageConsumption (R4, all customers)", () => Q.storageConsumption(q, { limit: 20 })],
    ["paygBill (B1, one month)", () => Q.paygBill(q, month)],
    ["expiring 30 days", () => Q.expiring(q, 30)],
    ["listCustomers (page of 20)", () => Q.listCustomers(q, { limit: 20 })],
    ["customerDetail", () => Q.customerDetail(q, someCustomer)],
    ["customerHistory", () => Q.customerHistory(q, free[0]!.id)],
  ];
  const rows: string[] = [];
  for (const [name, fn] of cases) {
    fn(); // warm the statement cache and SQLite's pages
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 15; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
      cpu.push(cpuMs(process.cpuUsage(c)));
    }
    const med = percentile(times, 50);
    const p95 = percentile(times, 95);
    const cpuMed = percentile(cpu, 50);
    rows.push(`| ${name} | ${med.toFixed(1)} | ${p95.toFixed(1)} | ${cpuMed.toFixed(1)} | ${med < 50 ? "yes" : "**no**"} |`);
    console.log(`${name}: median ${med.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, CPU median ${cpuMed.toFixed(1)} ms`);
  }

  updateSection(
    "domain",
    [
      "## Domain: assignments and read models (issue 4)",
      "",
      `Command: \`npm run bench:domain\` (part of \`npm run bench\`). Data: one generated partner with ${sizes.customers.toLocaleString("en")} customers, the 34 services, ${sizes.assignments.toLocaleString("en")} assignments, ${sizes.usage.toLocaleString("en")} usage measurements (${DEFAULT_SHAPE.usageDays} days) and ${sizes.jobs.toLocaleString("en")} jobs, on a temp SQLite file (WAL). ${fromCache ? "Copied from a cache of generated data." : `Generated in ${(genMs / 1000).toFixed(1)} s.`}`,
      "",
      machine(),
      "",
      `**Assignments:** ${ok.toLocaleString("en")} \`assign\` calls (zod parse, every rule, insert, quantity history, audit row, one BEGIN IMMEDIATE transaction each) in ${assignMs.toFixed(0)} ms: **${perSecond.toLocaleString("en")} per second** (aim: more than 2,000); the process used ${assignCpuMs.toFixed(0)} ms of CPU, ${perCpuSecond.toLocaleString("en")} per CPU-second.`,
      "",
      `Load average while measuring: ${loadavg().map((n) => n.toFixed(1)).join(", ")} on ${cpus().length} CPUs. Wall-clock times are what a user waits; CPU times (user + system of this process) show the work itself when other processes share the machine.`,
      "",
      "| read model | median ms | p95 ms | median CPU ms | under 50 ms |",
      "|---|---|---|---|---|",
      ...rows,
    ].join("\n"),
  );
} finally {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
