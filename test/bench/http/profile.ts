import { readFileSync } from "node:fs";

/**
 * Where a bot process's CPU went, from a V8 .cpuprofile: busy time by area (a package, a folder of
 * ours, Node's own http and streams), both self (the area's own frames, with built-ins such as
 * JSON.stringify charged to the area that called them) and inclusive (samples with the area
 * anywhere on the stack), plus the inclusive time of a few functions that matter here.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  selfMs: number;
  inclusiveMs: number;
}

export interface ProfileSummary {
  /** Sampled time not idle, ms. */
  busyMs: number;
  idleMs: number;
  areas: Share[];
  functions: Share[];
}

const PACKAGES: [RegExp, string][] = [
  [/^(adaptivecards-templating|adaptive-expressions)$/, "card templating (adaptivecards-templating)"],
  [/^@microsoft\/teams-ai$/, "teams-ai"],
  [/^(botbuilder.*|botframework-.*)$/, "botbuilder"],
  [/^(pino|sonic-boom|fast-redact|@pinojs\/.*|pino-std-serializers|fast-safe-stringify|quick-format-unescaped|thread-stream|safe-stable-stringify)$/, "logging (pino)"],
  [/^(drizzle-orm|better-sqlite3)$/, "database (drizzle, better-sqlite3)"],
  [/^zod$/, "zod"],
  [/^(axios|follow-redirects|form-data|@azure\/.*|node-fetch|undici)$/, "HTTP client (axios, @azure)"],
];

/** Functions whose inclusive time answers the usual questions; matched by name and file. */
const FUNCTIONS: [string, (fn: string, url: string) => boolean][] = [
  ["renderCard (cards/render.ts): expand + stringify + checks", (fn, url) => fn === "renderCard" && url.includes("/cards/render")],
  ["Template.expand (adaptivecards-templating)", (fn, url) => fn === "expand" && url.includes("adaptivecards-templating")],
  ["runCommand (bot/commands)", (fn, url) => fn === "runCommand" && url.includes("/bot/commands/")],
  ["resolvePartnerUser (identity, every turn)", (fn) => fn === "resolvePartnerUser"],
  ["recordConversation (every turn)", (fn) => fn === "recordConversation"],
  ["customerDetail (read model)", (fn) => fn === "customerDetail"],
  ["namedCustomers / resolveCustomer (5,000 names)", (fn) => fn === "namedCustomers" || fn === "resolveCustomerIn" || fn === "resolveCustomer"],
  ["JSON.stringify (anywhere)", (fn, url) => fn === "stringify" && url === ""],
  ["JSON.parse (anywhere)", (fn, url) => fn === "parse" && url === ""],
  ["pino (any log call)", (_fn, url) => /node_modules\/(pino|sonic-boom|fast-redact)\//.test(url)],
  ["Application.run (teams-ai)", (fn, url) => fn === "run" && url.includes("teams-ai") && url.includes("Application")],
  ["processActivity (botbuilder)", (fn) => fn === "processActivity"],
  ["createHttpServer handler (bot/server.ts)", (fn, url) => url.includes("/bot/server.") && (fn === "messages" || fn === "handle")],
];

function areaOf(url: string, fn: string): string | undefined {
  if (!url) {
    if (fn === "(garbage collector)") return "garbage collection";
    if (fn === "(program)") return "(program: V8 and native outside JS)";
    if (fn === "(idle)") return "(idle)";
    return undefined;
  }
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    for (const [re, name] of PACKAGES) if (re.test(pkg)) return name;
    return pkg;
  }
  if (url.startsWith("node:")) return "node (http, net, streams, timers)";
  const m = /\/(bot|cards|domain|db|test)\//.exec(url);
  if (m) return m[1] === "test" ? "benchmark harness" : `ours: ${m[1]}/`;
  return "other";
}

export function summarizeProfile(file: string): ProfileSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Per node, once: its self area (inheriting for built-ins), the areas and functions on its stack.
  const memo = new Map<number, { self: string; areas: Set<string>; fns: Set<string> }>();
  const info = (id: number): { self: string; areas: Set<string>; fns: Set<string> } => {
    const hit = memo.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    const up = parent.get(id);
    const base = up === undefined ? { self: "(root)", areas: new Set<string>(), fns: new Set<string>() } : info(up);
    const { functionName: fn, url } = n.callFrame;
    const own = areaOf(url, fn);
    const areas = new Set(base.areas);
    if (own) areas.add(own);
    const fns = new Set(base.fns);
    for (const [name, match] of FUNCTIONS) if (match(fn, url)) fns.add(name);
    const out = { self: own ?? base.self, areas, fns };
    memo.set(id, out);
    return out;
  };

  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const fnIncl = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    // A sample's weight is the time until the next one.
    const ms = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000;
    const s = info(p.samples[i]!);
    if (s.self === "(idle)") {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    self.set(s.self, (self.get(s.self) ?? 0) + ms);
    for (const a of s.areas) incl.set(a, (incl.get(a) ?? 0) + ms);
    for (const f of s.fns) fnIncl.set(f, (fnIncl.get(f) ?? 0) + ms);
  }
  const areas = [...new Set([...self.keys(), ...incl.keys()])]
    .filter((a) => a !== "(idle)")
    .map((name) => ({ name, selfMs: self.get(name) ?? 0, inclusiveMs: incl.get(name) ?? self.get(name) ?? 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  const functions = FUNCTIONS.map(([name]) => ({ name, selfMs: 0, inclusiveMs: fnIncl.get(name) ?? 0 })).filter((f) => f.inclusiveMs > 0);
  return { busyMs, idleMs, areas, functions };
}

/** The summary as markdown: shares of busy time, and busy CPU ms per request when `requests` is given. */
export function profileTable(title: string, s: ProfileSummary, requests: number): string {
  const pct = (ms: number) => `${((100 * ms) / s.busyMs).toFixed(1)}%`;
  const per = (ms: number) => (ms / requests).toFixed(2);
  return [
    `**${title}**: ${requests.toLocaleString("en")} requests, ${s.busyMs.toFixed(0)} ms busy (${per(s.busyMs)} ms per request), ${s.idleMs.toFixed(0)} ms idle.`,
    "",
    "| area | self | inclusive | self ms per request |",
    "|---|---|---|---|",
    ...s.areas.filter((a) => a.selfMs / s.busyMs >= 0.005 || a.inclusiveMs / s.busyMs >= 0.05).map((a) => `| ${a.name} | ${pct(a.selfMs)} | ${pct(a.inclusiveMs)} | ${per(a.selfMs)} |`),
    "",
    "| function (inclusive) | share | ms per request |",
    "|---|---|---|",
    ...s.functions.map((f) => `| ${f.name} | ${pct(f.inclusiveMs)} | ${per(f.inclusiveMs)} |`),
  ].join("\n");
}
