/**
 * `npm run bench:http`: HTTP load on `POST /api/messages` (issue 6, part 5). The real bot (startBot,
 * auth off, loopback) runs in a child process (./http/bot.ts) over the 5,000-customer partner of
 * test/bench/generate.ts, beside a bare teams-ai echo bot on teams-ai's own adapter and our server code; the
 * fake Bot Connector (test/bot/support/connector.ts) is the serviceUrl, here in the load process.
 * autocannon drives each scenario closed-loop at 10 connections for a fixed time:
 *
 *   echo      the echo bot: the framework's ceiling (measured first and last)
 *   echo (BotAdapter)  the same echo bot on our adapter, which keeps connector clients: what the
 *             framework costs the real bot
 *   customer  `customer <name>`: identity, name resolution over 5,000 customers, the detail read
 *             model and the customer card, sent to the connector
 *   assign    `assign 1 <service> to <customer>`, a fresh (customer, service) pair each time: the
 *             rules, a pending change written, the confirmation card
 *   confirm   the Action.Execute invoke confirming each change the assign run asked for: the verb
 *             re-run and written, the result card in the invoke response
 *
 * Requests per second, p50 and p99 go into docs/http-bench.md with the machine, the load average
 * and the bot process's CPU time per request. Environment:
 *   BENCH_CACHE=/tmp/x.db        reuse generated data (as `npm run bench:domain`); created when missing
 *   HTTP_BENCH_SECONDS=10        measured seconds per scenario (warm-up: HTTP_BENCH_WARMUP=5)
 *   HTTP_BENCH_ROUNDS=3          the whole sequence this many times; the report takes, for each
 *                                scenario, the round with the median requests/s (this VM is shared:
 *                                one round's numbers move by up to half from the next)
 *   HTTP_BENCH_CONNECTIONS=10
 *   HTTP_BENCH_PROFILE=1         CPU-profile the bot process per scenario and print where time goes
 *                                (sampling slows it: numbers are then printed, not written)
 *   HTTP_BENCH_WRITE=0           print only; leave docs/http-bench.md alone
 *   HTTP_BENCH_ONLY=echo,customer   run only these of echo, customer, assign (assign includes confirm);
 *                                a partial run prints its lines and writes no report
 *   HTTP_BENCH_NODE_ARGS="..."   extra node flags for the bot process (e.g. --max-semi-space-size=32)
 */
import { fork, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CATALOG } from "../../db/catalog";
import { openDatabase } from "../../db/client";
import { actionExecute, personalMessage, type Person } from "../bot/support/activities";
import { startFakeConnector } from "../bot/support/connector";
import { DEFAULT_SHAPE, generatePartner } from "./generate";
import type { FromBot, ToBot } from "./http/ipc";
import { load, type LoadResult } from "./http/load";
import { profileTable, summarizeProfile } from "./http/profile";
import { machine, updateSection } from "./report";

const TODAY = "2026-11-28";
const NOW = `${TODAY}T10:00:00Z`;
const SECONDS = Number(process.env.HTTP_BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.HTTP_BENCH_WARMUP ?? 5);
const CONNECTIONS = Number(process.env.HTTP_BENCH_CONNECTIONS ?? 10);
const PROFILE = process.env.HTTP_BENCH_PROFILE === "1";
const ROUNDS = Math.max(1, Number(process.env.HTTP_BENCH_ROUNDS ?? (PROFILE ? 1 : 3)));
const OURS = "echo (BotAdapter)";
const ONLY = new Set((process.env.HTTP_BENCH_ONLY ?? "echo,customer,assign").split(",").map((s) => s.trim()));
const FULL = ["echo", "customer", "assign"].every((s) => ONLY.has(s));
const WRITE = process.env.HTTP_BENCH_WRITE !== "0" && !PROFILE && FULL;
const ADMIN: Person = { tenantId: "bench-tenant", aadObjectId: "bench-admin", name: "Bench Admin" };

const dir = mkdtempSync(join(tmpdir(), "http-bench-"));
const file = join(dir, "bench.db");
const cache = process.env.BENCH_CACHE;
const fromCache = cache !== undefined && existsSync(cache);

// The data, and what each scenario will ask for, read before the bot opens the file.
const t0 = performance.now();
if (fromCache) copyFileSync(cache, file);
const data = openDatabase(file);
if (!fromCache) {
  generatePartner(data, TODAY, DEFAULT_SHAPE);
  data.$client.pragma("wal_checkpoint(TRUNCATE)");
  if (cache) copyFileSync(file, cache);
}
const genSeconds = (performance.now() - t0) / 1000;
const customers = data.$client.prepare("select name from customers where partner_id = 'bench' order by id").pluck().all() as string[];
// Fresh pairs for `assign`: services the partner holds in exactly one pool (so the command needs no
// `from`), customers without that service and not PAYG (ids ending in 0 include every PAYG one).
const pairs = data.$client
  .prepare(
    `with single as (select service_id from pools where partner_id = 'bench' group by service_id having count(*) = 1)
     select c.name customer, s.service_id service from single s join customers c on c.partner_id = 'bench'
     where c.id not like '%0' and not exists (select 1 from assignments a where a.customer_id = c.id and a.service_id = s.service_id)
     order by c.id, s.service_id`,
  )
  .all() as { customer: string; service: string }[];
const serviceName = new Map(CATALOG.map((c) => [c.id, c.name]));
data.$client.close();
console.log(`data: ${customers.length} customers, ${pairs.length} fresh (customer, service) pairs; ${fromCache ? "from the cache" : `generated in ${genSeconds.toFixed(1)} s`}`);

const connector = await startFakeConnector();
const serviceUrl = connector.url;
const child = fork(resolve(import.meta.dirname, "http/bot.ts"), [], {
  execArgv: ["--import", "tsx", ...(process.env.HTTP_BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [])],
  env: { ...process.env, HTTP_BENCH_DB: file, HTTP_BENCH_NOW: NOW },
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const { ask, waitFor } = ipc(child);
const started = waitFor("ready");

interface Measured {
  name: string;
  round: number;
  what: string;
  result: LoadResult;
  botCpuMs: number;
  loadCpuMs: number;
  load: [number, number];
  checks: string;
}

const measured: Measured[] = [];
const profiles: string[] = [];
const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), "http-prof-")) : "";

try {
  const { botUrl, echoUrl, echoOursUrl } = await started;
  const botApi = `${botUrl}/api/messages`;
  const echoApi = `${echoUrl}/api/messages`;
  const echoOursApi = `${echoOursUrl}/api/messages`;

  const text = (t: string) => JSON.stringify(personalMessage(t, { serviceUrl, from: ADMIN }));
  let nextCustomer = 0;
  const customerText = () => text(`customer ${customers[nextCustomer++ % customers.length]}`);
  let nextPair = 0;
  const assignText = () => {
    const p = pairs[nextPair++];
    if (!p) throw new Error("out of fresh (customer, service) pairs: lower HTTP_BENCH_SECONDS");
    return text(`assign 1 ${serviceName.get(p.service)} to ${p.customer}`);
  };

  let round = 1;
  /** One scenario: warm-up, then the measured run with CPU, load average and (optionally) a profile. */
  const scenario = async (name: string, what: string, run: () => Promise<LoadResult>, check: () => string, warm?: () => Promise<unknown>) => {
    if (warm) await warm();
    connector.clear();
    const l0 = loadavg()[0]!;
    const c0 = await cpuOf(ask);
    const s0 = process.cpuUsage();
    if (PROFILE) await ask({ type: "profile-start" }, "profile-started");
    const result = await run();
    const profileFile = join(profileDir, `${name}${ROUNDS > 1 ? ` ${round}` : ""}.cpuprofile`);
    if (PROFILE) await ask({ type: "profile-stop", file: profileFile }, "profile-stopped");
    const loadCpuMs = cpuMs(process.cpuUsage(s0));
    const botCpuMs = (await cpuOf(ask)) - c0;
    const m: Measured = { name, round, what, result, botCpuMs, loadCpuMs, load: [l0, loadavg()[0]!], checks: check() };
    measured.push(m);
    console.log(
      `${ROUNDS > 1 ? `[round ${round}] ` : ""}${name}: ${result.requests} requests, ${result.perSecond.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
        `failures ${result.failures}; bot CPU ${(botCpuMs / result.requests).toFixed(2)} ms/request; load ${m.load.map((n) => n.toFixed(1)).join(" → ")}; ${m.checks}`,
    );
    if (PROFILE) {
      const table = profileTable(name, summarizeProfile(profileFile), result.requests);
      profiles.push(table);
      console.log(`\n${table}\n`);
    }
    connector.clear();
  };

  const timed = (url: string, body: () => string) => () => load({ url, connections: CONNECTIONS, seconds: SECONDS, body });
  const warmup = (url: string, body: () => string) => () => load({ url, connections: CONNECTIONS, seconds: WARMUP, body });

  const echoScenario = (name: string, api = echoApi, what = "bare teams-ai echo bot, teams-ai's adapter as it comes, same server") =>
    scenario(name, what, timed(api, () => text("hello")), () => {
      const n = connector.texts().filter((t) => t === "hello").length;
      return `${n} echoes received`;
    }, warmup(api, () => text("hello")));

  // The framework's code (botbuilder, the connector client, node:http) keeps getting faster for
  // thousands of requests: warm it, and the bot's read path, before the first measured run, or the
  // first echo run comes out slower than the last.
  await warmup(echoApi, () => text("hello"))();
  if (ONLY.has("customer")) await warmup(botApi, customerText)();
  connector.clear();

  // assign and confirm: each confirm consumes a change an assign asked for, so each warm-up and run
  // of assign is followed by one confirm per confirmation card it produced.
  const confirmations = (): string[] => {
    const ids: string[] = [];
    for (const card of connector.cards()) {
      const id = findConfirm(card);
      if (id) ids.push(id);
    }
    return ids;
  };
  const confirmBody = (ids: string[]) => {
    let i = 0;
    return () => JSON.stringify(actionExecute("change.confirm", { verb: "change.confirm", changeId: ids[i++ % ids.length] }, { serviceUrl, from: ADMIN }));
  };
  let confirmed = 0;
  const otherAnswers: string[] = [];
  const confirmRun = (ids: string[]) => () => {
    if (ids.length < CONNECTIONS) throw new Error(`only ${ids.length} confirmations to click: run longer (HTTP_BENCH_WARMUP, HTTP_BENCH_SECONDS)`);
    return load({
      url: botApi,
      connections: CONNECTIONS,
      // A multiple of the connections: autocannon splits the amount between them.
      amount: Math.floor(ids.length / CONNECTIONS) * CONNECTIONS,
      body: confirmBody(ids),
      onResponse: (status, body) => {
        if (status === 200 && body.includes("Assigned 1 ")) confirmed++;
        else if (otherAnswers.length < 3) otherAnswers.push(`${status} ${cardWords(body)}`);
      },
    });
  };

  let pendingIds: string[] = [];
  const assignWarm = async () => {
    await load({ url: botApi, connections: CONNECTIONS, seconds: WARMUP, body: assignText });
    const ids = confirmations();
    connector.clear();
    if (ids.length >= CONNECTIONS) await confirmRun(ids)();
  };
  // The whole sequence, ROUNDS times: the report takes each scenario's median round.
  for (round = 1; round <= ROUNDS; round++) {
    if (ONLY.has("echo")) await echoScenario("echo");
    if (ONLY.has("echo")) await echoScenario(OURS, echoOursApi, "the same echo bot on BotAdapter, which keeps connector clients (bot/adapter.ts)");

    if (ONLY.has("customer")) await scenario("customer", "`customer <name>`: identity, name lookup, detail, card", timed(botApi, customerText), () => {
      const cards = connector.cards().map((c) => JSON.stringify(c));
      const good = cards.filter((c) => c.includes("Customer id")).length;
      return `${good} of ${cards.length} replies are customer cards`;
    }, warmup(botApi, customerText));

    if (ONLY.has("assign")) await scenario("assign", "`assign 1 <service> to <customer>`: rules, pending change, confirmation card", timed(botApi, assignText), () => {
      pendingIds = confirmations();
      const replies = connector.messages().length;
      return `${pendingIds.length} of ${replies} replies are confirmations`;
    }, assignWarm);

    confirmed = 0;
    if (ONLY.has("assign")) await scenario("confirm", "Action.Execute `change.confirm`: verb re-run, written, result card in the invoke response", confirmRun(pendingIds), () => `${confirmed} of ${Math.floor(pendingIds.length / CONNECTIONS) * CONNECTIONS} confirmations answered "Assigned"${otherAnswers.length ? ` (others, e.g.: ${otherAnswers.join(" | ")})` : ""}`);

    if (ONLY.has("echo")) await echoScenario("echo (again)");
  }
  const counts = await ask({ type: "counts" }, "counts");

  if (PROFILE) writeFileSync(join(profileDir, "summary.md"), profiles.join("\n\n"));
  if (FULL) report(counts);
  else console.log("a partial run (HTTP_BENCH_ONLY): no report");
} finally {
  await ask({ type: "stop" }, "stopped").catch(() => undefined);
  await connector.close();
  rmSync(dir, { recursive: true, force: true });
  if (PROFILE) console.log(`profiles: ${profileDir}`);
}

function report(counts: { pending: Record<string, number>; assignments: number } | undefined): void {
  // Each scenario's median round by requests/s; every round is kept for the spread.
  const chosen = [...new Set(measured.map((m) => m.name))].map((name) => {
    const runs = measured.filter((m) => m.name === name).sort((a, b) => a.result.perSecond - b.result.perSecond);
    return runs[Math.floor((runs.length - 1) / 2)]!;
  });
  const range = (xs: number[], digits: number) => {
    const lo = Math.min(...xs).toFixed(digits);
    const hi = Math.max(...xs).toFixed(digits);
    return lo === hi ? lo : `${lo} to ${hi}`;
  };
  const spread = chosen
    .map((c) => {
      const runs = measured.filter((m) => m.name === c.name);
      return `${c.name} ${range(runs.map((m) => m.result.perSecond), 0)} req/s, p99 ${range(runs.map((m) => m.result.p99), 1)} ms`;
    })
    .join("; ");
  const roundsLine =
    ROUNDS > 1
      ? `${ROUNDS} rounds of the whole sequence; each row is that scenario's median round by requests/s. Over the rounds: ${spread}.`
      : "One round of the whole sequence.";
  // The ceiling is teams-ai as it comes; the echo bot on our adapter is reported beside it.
  const echoes = chosen.filter((m) => m.name === "echo" || m.name === "echo (again)");
  const echoRate = echoes.reduce((s, m) => s + m.result.perSecond, 0) / echoes.length;
  const echoCpu = echoes.reduce((s, m) => s + m.botCpuMs, 0) / echoes.reduce((s, m) => s + m.result.requests, 0);
  const by = (name: string) => chosen.find((m) => m.name === name)!;
  const assign = by("assign").result.perSecond;
  const confirm = by("confirm").result.perSecond;
  const row = (m: Measured) => {
    const r = m.result;
    const cpu = m.botCpuMs / r.requests;
    return `| ${m.name} | ${m.what} | ${r.requests.toLocaleString("en")} | **${r.perSecond.toFixed(0)}** | ${(r.perSecond / echoRate).toFixed(2)} | ${r.p50.toFixed(1)} | **${r.p99.toFixed(1)}** | ${cpu.toFixed(2)} | ${(1000 / cpu).toFixed(0)} | ${(echoCpu / cpu).toFixed(2)} | ${((100 * m.botCpuMs) / (r.seconds * 1000)).toFixed(0)}% | ${m.load[0].toFixed(1)} → ${m.load[1].toFixed(1)} |`;
  };
  const cpuPer = (m: Measured) => m.botCpuMs / m.result.requests;
  const customer = by("customer").result;
  const bot = chosen.filter((m) => !m.name.startsWith("echo"));
  const worstP99 = Math.max(...bot.map((m) => m.result.p99));
  const p99Aim = bot.map((m) => `${m.name} ${m.result.p99.toFixed(1)} ms ${m.result.p99 < 50 ? "(met)" : "(missed)"}`).join(", ");
  const ratio = customer.perSecond / echoRate;
  const ours = by(OURS);
  const oursRatio = customer.perSecond / ours.result.perSecond;
  const aims = [
    `p99 under 50 ms at ${CONNECTIONS} connections: ${worstP99 < 50 ? "**met**" : bot.some((m) => m.result.p99 < 50) ? "**met for some scenarios**" : "**missed**"} (${p99Aim})`,
    `\`customer\` at 50% or more of the echo bot's throughput: against the bare teams-ai echo bot (the ceiling the issue names) ${ratio >= 0.5 ? "**met**" : "**missed**"} (${(100 * ratio).toFixed(0)}% by requests/s, ${((100 * echoCpu) / cpuPer(by("customer"))).toFixed(0)}% by CPU per request); like for like, against the same echo bot on BotAdapter, ${oursRatio >= 0.5 ? "**met**" : "**missed**"} (${(100 * oursRatio).toFixed(0)}% and ${((100 * cpuPer(ours)) / cpuPer(by("customer"))).toFixed(0)}%)`,
  ];
  const body = [
    "## Results (generated)",
    "",
    `Command: \`npm run bench:http\`${fromCache ? " (with BENCH_CACHE)" : ""}. Data: the generated partner of \`npm run bench\` (${customers.length.toLocaleString("en")} customers, ${DEFAULT_SHAPE.usageDays} days of usage), on a temp SQLite file. Load: autocannon, ${CONNECTIONS} connections, closed loop, ${WARMUP} s warm-up then ${SECONDS} s per scenario (confirm: one request per change the assign run asked for). The bot and the echo bot run in one child process; autocannon and the fake Bot Connector in the parent.`,
    "",
    machine(),
    "",
    "| scenario | what a request does | requests | req/s | vs echo | p50 ms | p99 ms | bot CPU ms per request | requests per bot CPU-second | vs echo, by CPU | bot process busy | load average (1 min), start → end |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...chosen.map(row),
    "",
    roundsLine,
    "",
    `Echo ceiling: ${echoRate.toFixed(0)} requests/s (mean of both echo runs on teams-ai's adapter; "vs echo" columns divide by it). Assign + confirm as one change: ${(1 / (1 / assign + 1 / confirm)).toFixed(0)} changes/s (one of each per change).`,
    `Checks: ${chosen.map((m) => `${m.name}: ${m.checks}`).join("; ")}${counts ? `; pending changes in the database by status: ${JSON.stringify(counts.pending)}` : ""}.`,
    "",
    `Aims: ${aims.join("; ")}.`,
    "",
    `Load average: the machine has ${cpus().length} CPUs and is shared; the benchmark itself adds the bot process, near one CPU, and autocannon with the connector, busy ${chosen.map((m) => `${((100 * m.loadCpuMs) / (m.result.seconds * 1000)).toFixed(0)}%`).join(", ")} of each run in turn. "Bot process busy" is the bot's CPU time (user + system, all its threads, GC included) over the wall time of the run: near 100% means the bot was CPU-bound, the rest of its latency queueing; well under it, the bot was waiting for a CPU that the machine's other work held. "Requests per bot CPU-second" (1000 / CPU ms per request) is what one core would serve with the bot alone on it: the comparison that holds on a shared machine.`,
  ].join("\n");
  console.log(`\n${body}\n`);
  // The headline numbers also go into docs/benchmarks.md, beside the other benchmarks.
  const summary = [
    `Command: \`npm run bench:http\` (part of \`npm run bench\`). Measured ${new Date().toISOString().slice(0, 10)}: ${CONNECTIONS} connections, ${SECONDS} s per scenario, ${customers.length.toLocaleString("en")} customers, load average ${chosen[0]!.load[0].toFixed(1)} at the start on ${cpus().length} shared CPUs. Full table, profile and analysis: [docs/http-bench.md](http-bench.md).`,
    "",
    "| scenario | req/s | vs echo | p50 ms | p99 ms | bot CPU ms/request |",
    "|---|---|---|---|---|---|",
    ...chosen.map((m) => `| ${m.name} | ${m.result.perSecond.toFixed(0)} | ${(m.result.perSecond / echoRate).toFixed(2)} | ${m.result.p50.toFixed(1)} | ${m.result.p99.toFixed(1)} | ${cpuPer(m).toFixed(2)} |`),
    "",
    roundsLine,
    "",
    `Aims: ${aims.join("; ")}.`,
  ].join("\n");
  if (WRITE) {
    console.log(`written: ${updateSection("http", body, resolve(import.meta.dirname, "../../docs/http-bench.md"))}`);
    console.log(`written: ${updateSection("http-summary", summary)}`);
  }
}

function findConfirm(card: unknown): string | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const id = findConfirm(c);
      if (id) return id;
    }
    return undefined;
  }
  if (card === null || typeof card !== "object") return undefined;
  const o = card as Record<string, unknown>;
  const d = o.data as { verb?: unknown; changeId?: unknown } | undefined;
  if (o.type === "Action.Execute" && d?.verb === "change.confirm" && typeof d.changeId === "string") return d.changeId;
  for (const v of Object.values(o)) {
    const id = findConfirm(v);
    if (id) return id;
  }
  return undefined;
}

/** The words of a card (its TextBlocks and facts), for saying what an unexpected answer was. */
function cardWords(body: string): string {
  const words: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (typeof o.text === "string") words.push(o.text);
    if (typeof o.value === "string" && typeof o.title === "string") words.push(`${o.title}: ${o.value}`);
    Object.values(o).forEach(walk);
  };
  try {
    walk(JSON.parse(body));
  } catch {
    return body.slice(0, 200);
  }
  return words.join(" / ").slice(0, 300);
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

async function cpuOf(ask: Ask): Promise<number> {
  const m = await ask({ type: "cpu" }, "cpu");
  return m.type === "cpu" ? cpuMs(m.usage) : 0;
}

type WaitFor = <T extends FromBot["type"]>(answer: T) => Promise<Extract<FromBot, { type: T }>>;
type Ask = <T extends FromBot["type"]>(message: ToBot, answer: T) => Promise<Extract<FromBot, { type: T }>>;

/** Requests to the bot process and their answers, one at a time (the benchmark is sequential). */
function ipc(child: ChildProcess): { ask: Ask; waitFor: WaitFor } {
  const waiting: { type: string; resolve: (m: FromBot) => void; reject: (e: Error) => void }[] = [];
  child.on("message", (m: FromBot) => {
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(m);
  });
  child.on("exit", (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the bot process exited (${code}) before answering ${w.type}`));
  });
  const waitFor: WaitFor = (answer) =>
    new Promise((resolve, reject) => void waiting.push({ type: answer, resolve: resolve as (m: FromBot) => void, reject }));
  const ask: Ask = (message, answer) => {
    const answered = waitFor(answer);
    child.send(message);
    return answered;
  };
  return { ask, waitFor };
}
