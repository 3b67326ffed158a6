/**
 * `npm run bench:reports` (part of `npm run bench`): every report command end to end over HTTP (issue 7), on the
 * generated 5,000-customer partner: the real server (startBot: CloudAdapter, teams-ai, the
 * commands, the cards) on loopback, a fake Bot Connector taking the replies, one request at a time.
 * A typed command's time runs until the bot has posted its card to the connector and answered the
 * POST; a button's (Action.Execute) until its card comes back in the response. Writes
 * its section of docs/benchmarks.md.
 *
 * `REPORTS_BENCH_CACHE=/tmp/some.db` keeps the generated data in that file and starts later runs
 * from a copy of it; `REPORTS_BENCH_N` sets the measured requests per command (default 100).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createExportLinks } from "../../bot/export";
import { loadConfig } from "../../bot/config";
import { createLogger } from "../../bot/logging";
import { startBot } from "../../bot/startup";
import { openDatabase } from "../../db/client";
import { actionExecute, personalMessage, type Person } from "../bot/support/activities";
import { startFakeConnector } from "../bot/support/connector";
import { DEFAULT_SHAPE, generatePartner } from "./generate";
import { machine, percentile, updateSection } from "./report";

const TODAY = "2026-11-28";
const at = new Date(`${TODAY}T10:00:00Z`);
const clock = () => at;
const N = Number(process.env.REPORTS_BENCH_N ?? 100);
const WARMUP = 10;
const CSV_N = Math.max(5, Math.round(N / 20));
const AIM_P99_MS = 100;
const BENCH: Person = { tenantId: "bench-tenant", aadObjectId: "bench-admin", name: "Bench Admin" };
const SECRET = "bench-export-secret-0123456789abcdefghijklmnop";
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const dir = mkdtempSync(join(tmpdir(), "rep-bench-"));
const file = join(dir, "bench.db");
const cache = process.env.REPORTS_BENCH_CACHE;
const fromCache = cache !== undefined && existsSync(cache);
if (fromCache) copyFileSync(cache, file);
const db = openDatabase(file);
const t0 = performance.now();
if (!fromCache) generatePartner(db, TODAY, DEFAULT_SHAPE);
const genMs = performance.now() - t0;
if (cache && !fromCache) {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  copyFileSync(file, cache);
}
const count = (table: string) => (db.$client.prepare(`select count(*) n from ${table}`).get() as { n: number }).n;
const sizes = { customers: count("customers"), assignments: count("assignments"), usage: count("usage"), jobs: count("jobs") };
console.log(`data ${fromCache ? "from cache" : `generated in ${(genMs / 1000).toFixed(1)} s`}:`, sizes);

const connector = await startFakeConnector();
const config = loadConfig({ PORT: "0", DATABASE_PATH: file, LOG_LEVEL: "silent", EXPORT_SECRET: SECRET, NOTIFY: "off" });
const bot = await startBot({ config, db, clock, logger: createLogger("silent") });
const serviceUrl = connector.url;

interface Case {
  name: string;
  /** One request; resolves with the card's size in bytes (or the CSV's). */
  run: () => Promise<number>;
}

async function post(body: unknown): Promise<Response> {
  return fetch(`${bot.url}/api/messages`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function typed(text: string): Case {
  return {
    name: `\`${text}\``,
    run: async () => {
      connector.clear();
      const res = await post(personalMessage(text, { serviceUrl, from: BENCH }));
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${text}: HTTP ${res.status}`);
      const cards = connector.cards();
      if (cards.length !== 1) throw new Error(`${text}: ${cards.length} cards; ${connector.texts().join(" | ")}`);
      return Buffer.byteLength(JSON.stringify(cards[0]));
    },
  };
}

function clicked(label: string, verb: string, data: Record<string, unknown>): Case {
  return {
    name: `${label} (\`${verb}\`)`,
    run: async () => {
      const res = await post(actionExecute(verb, { verb, ...data }, { serviceUrl, from: BENCH }));
      const json = (await res.json()) as { value?: unknown };
      if (res.status !== 200 || typeof json.value !== "object") throw new Error(`${verb}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
      return Buffer.byteLength(JSON.stringify(json.value));
    },
  };
}

/** A CSV download through a freshly signed link (as Export CSV hands out), for the same partner. */
const links = createExportLinks({ secret: SECRET, baseUrl: () => bot.url, clock });
function download(label: string, request: Parameters<typeof links.link>[1]): Case {
  return {
    name: `CSV: ${label}`,
    run: async () => {
      const { url } = links.link({ partnerId: "bench", aadObjectId: "bench-admin" }, request);
      const res = await fetch(url);
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
      return body.byteLength;
    },
  };
}

const big = db.$client
  .prepare(
    `select pool_id id, count(*) n from assignments a join customers c on c.id = a.customer_id
     where c.partner_id = 'bench' and a.pool_id like '%-mkt-a' group by pool_id order by n desc limit 1`,
  )
  .get() as { id: string };
const bigService = big.id.replace(/-mkt-a$/, "");
const someCustomer = db.$client.prepare(`select name from customers where id = 'c123'`).get() as { name: string };
const month = "2026-10";

const commands: Case[] = [
  typed("help"),
  typed("pools"),
  typed("report subscriptions"),
  clicked("pools, page 5", "pools.list", { offset: 32 }),
  clicked("a merged pool's detail", "pool.open", { key: `merged:bench:${bigService}`, offset: 0 }),
  clicked("a merged pool's customers, page 50", "pool.open", { key: `merged:bench:${bigService}`, offset: 600 }),
  typed("usage"),
  typed(`usage ${month}`),
  clicked("usage, page 100", "usage.show", { period: "today", offset: 600 }),
  typed(`usage ${someCustomer.name}`),
  typed("report operations"),
  typed("report operations 90d status failed"),
  clicked("operations, filters applied", "operations.show", { range: "7d", status: "failed", offset: 0 }),
  clicked("one service's customers", "operations.service", { serviceId: "cloud-backup-for-microsoft-365", range: "30d", status: "", offset: 0 }),
  typed("report storage"),
  clicked("storage, page 100", "storage.show", { offset: 2000 }),
  clicked("one customer's storage", "storage.customer", { customerId: "c123" }),
  typed("bill"),
  typed(`bill ${month}`),
  clicked("Export CSV (the signed link)", "report.export", { report: "usage", period: "today" }),
];
const downloads: Case[] = [
  download("subscription usage", { report: "pools" }),
  download("a merged pool's customers", { report: "pool", key: `merged:bench:${bigService}` }),
  download("usage, today, every customer", { report: "usage", period: "today" }),
  download("usage of a cycle, every customer", { report: "usage", period: month }),
  download("operations 30d", { report: "operations", range: "30d", status: "" }),
  download("storage, every customer", { report: "storage" }),
  download("PAYG bill", { report: "bill", month }),
];

interface Result {
  name: string;
  p50: number;
  p99: number;
  max: number;
  cpu: number;
  bytes: number;
}

async function measure(c: Case, n: number, warmup = WARMUP): Promise<Result> {
  for (let i = 0; i < warmup; i++) await c.run();
  const times: number[] = [];
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    bytes = await c.run();
    times.push(performance.now() - t);
  }
  const cpu = cpuMs(process.cpuUsage(cpu0)) / n;
  const r = { name: c.name, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times), cpu, bytes };
  console.log(`${c.name.padEnd(60)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  CPU ${r.cpu.toFixed(1).padStart(5)} ms  ${bytes} B`);
  return r;
}

const load0 = loadavg();
const results: Result[] = [];
for (const c of commands) results.push(await measure(c, N));
const csv: Result[] = [];
for (const c of downloads) csv.push(await measure(c, CSV_N, 2));
const load1 = loadavg();

await bot.stop();
await connector.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });

/** What the figures mean; kept with the script so a rerun keeps it. */
const NOTES = [
  "Where the time goes: the HTTP stack itself (`help`) is about 8-10 ms of CPU per request. The two heaviest reports spend most of theirs in",
  "their read model (domain/queries, measured in-process on the same data): R3's 30-day summary (`customerOperations`, about 35 ms) and",
  "R4's totals (`storageConsumption` sums every customer's storage for each page, about 30 ms). The bot's own share (\"data as of\",",
  "names, cards: the templates expand in well under a millisecond each) is a few milliseconds. Measured while other sessions loaded the",
  "machine (load average near 9 on 2 CPUs), the same commands showed p99s of 100-450 ms and `help` 345 ms: tails follow the machine.",
  "",
  "The whole-partner CSVs (usage of 5,000 customers, storage of 5,000 customers) cost 1-1.5 s of CPU, mostly the read models' per-line",
  "lookups; the route writes them in batches of 250 customers and yields to the event loop between batches, so chat requests interleave",
  "instead of waiting for the whole file.",
].join("\n");

const ms = (n: number) => n.toFixed(1);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const reports = results.filter((r) => r.name !== "`help`");
const over = reports.filter((r) => r.p99 >= AIM_P99_MS);
const help = results.find((r) => r.name === "`help`")!;
const doc = [
  "## Reports over HTTP (issue 7)",
  "",
  `Command: \`npm run bench:reports\`, part of \`npm run bench\` (\`REPORTS_BENCH_CACHE=/tmp/x.db\` reuses generated data). Written by that command into this section.`,
  "",
  `Data: one generated partner (test/bench/generate.ts) with ${sizes.customers.toLocaleString("en")} customers, ${sizes.assignments.toLocaleString("en")} assignments, ${sizes.usage.toLocaleString("en")} usage measurements (${DEFAULT_SHAPE.usageDays} days) and ${sizes.jobs.toLocaleString("en")} jobs, in a SQLite file (WAL); today ${TODAY}.`,
  "",
  "Each row is one report command end to end over HTTP: the real server (`startBot`: node:http, CloudAdapter, teams-ai, identity, the command, the read models, the card rendered and checked) on loopback, a fake Bot Connector on loopback taking the replies. A typed command is timed until the bot has posted its card to the connector and answered the POST; a button (Action.Execute) until its card is back in the response. One request at a time, " +
    `${WARMUP} warm-up requests, then ${N} measured; CSV downloads ${CSV_N} each (after 2 warm-up). CPU is this process's user + system time per request (server, connector and client share it).`,
  "",
  machine(),
  `Load average ${load0.map((n) => n.toFixed(1)).join(", ")} before and ${load1.map((n) => n.toFixed(1)).join(", ")} after, on ${cpus().length} CPUs: other work shared the machine, so wall-clock tails are noisier than the CPU column.`,
  "",
  `**Aim: p99 under ${AIM_P99_MS} ms for every report command.** ${over.length === 0 ? `Met: the slowest p99 is ${ms(Math.max(...reports.map((r) => r.p99)))} ms.` : `Not met by ${over.map((r) => r.name).join(", ")}.`} For scale, \`help\` (the home card: no read model) takes p50 ${ms(help.p50)} ms, p99 ${ms(help.p99)} ms on the same run.`,
  "",
  "| command | p50 ms | p99 ms | max ms | CPU ms/request | card |",
  "|---|---|---|---|---|---|",
  ...results.map((r) => `| ${r.name} | ${ms(r.p50)} | ${r.p99 >= AIM_P99_MS && r.name !== "`help`" ? `**${ms(r.p99)}**` : ms(r.p99)} | ${ms(r.max)} | ${ms(r.cpu)} | ${kb(r.bytes)} |`),
  "",
  "CSV downloads (`GET /export/<signed link>`: verify, re-check the user, compute every row, encode): not a chat command, so not held to the 100 ms aim, but a partner waits for them.",
  "",
  "| download | p50 ms | p99 ms | max ms | CPU ms/request | size |",
  "|---|---|---|---|---|---|",
  ...csv.map((r) => `| ${r.name} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.cpu)} | ${kb(r.bytes)} |`),
  "",
  NOTES,
  "",
].join("\n");
updateSection("reports", doc.trimEnd());
console.log(`\nwrote the reports section of docs/benchmarks.md${over.length ? `; p99 over ${AIM_P99_MS} ms: ${over.map((r) => r.name).join(", ")}` : ""}`);
