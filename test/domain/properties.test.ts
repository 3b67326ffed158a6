import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, applyLicense, assign, cancelOrder, changeSeats, disconnect, extend, switchPool, type Actor, type Ctx, type Outcome } from "../../domain";
import { clockAt, testDb } from "../support/factories";

/*
 * Property-based tests of the seat arithmetic. Random command sequences run through the real verbs
 * over a small world (an MSP with every kind of pool, and sometimes a Tier 2 LAR serving it and a
 * second MSP), each step on its own day. After every step the database is read with this file's
 * own SQL and checked with this file's own arithmetic (never the domain's helpers, nor its date
 * functions), so a mistake shared by a verb and a helper still shows.
 *
 * Speed: one in-memory database for the whole file, emptied between runs (the schema, the catalog
 * and every prepared statement stay), a fixed seed, and capacity checked only on the days where it
 * can change (an assignment or a quantity starting, a pool starting or ending), which is exact:
 * between two such days use only falls and capacity only rises.
 */

const M365 = "cloud-backup-for-microsoft-365";
const FLY = "fly-aviator";
const ARCHIVE = "cloud-archiving";
const SERVICES = [M365, FLY, ARCHIVE] as const;
const ORIGIN = "2026-01-01";

// ---------------------------------------------------------------- days, by our own arithmetic

const DAY_MS = 86_400_000;
const plus = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const minOf = (a: string, b: string) => (a < b ? a : b);
const maxOf = (a: string, b: string) => (a > b ? a : b);

// ---------------------------------------------------------------- one database, emptied per run

type Row = Record<string, unknown>;

const db = testDb();
/** Every table of the schema; all but the catalog are emptied between runs. */
const TABLES = (db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as { name: string }[]).map((t) => t.name);
const FLY_SERVICES = new Set((db.$client.prepare("select id from services where fly = 1").all() as { id: string }[]).map((r) => r.id));
const wipeAll = db.$client.transaction(() => {
  for (const t of TABLES) if (t !== "services") db.$client.prepare(`delete from "${t}"`).run();
});
function wipe(): void {
  db.$client.pragma("foreign_keys = OFF");
  wipeAll();
  db.$client.pragma("foreign_keys = ON");
}

// ---------------------------------------------------------------- the world

interface WorldSpec {
  /** Customers of the main MSP. */
  customers: number;
  /** Days from ORIGIN to the first step; a few before the pools start (P7). */
  startOffset: number;
  direct: number;
  fly: number;
  /** A monthly Cloud Marketplace pool of M365: part of the P9 group, and it ends early. */
  monthly: number;
  /** A second marketplace pool of M365 that merges with the monthly one (P9). */
  annualMarket: number | null;
  /** An off-marketplace pool of M365, which a distributor may cancel (P10). */
  offMarket: number | null;
  /** A second Fly pool, from Cloud Marketplace: never merged (P9), a switch target under A9, and its 31-day default expiry returns nothing. */
  flyMarket: number;
  /** A PAYG pool of a second service (A2), starting a month later (P7 with no capacity to hide behind). */
  payg: boolean;
  /** A prepaid pool of that second service, so A2 bites both ways and PAYG customers can switch (A7). */
  archivePrepaid: number | null;
  /** T2: a LAR whose off-marketplace M365 pool is allocated to the main MSP and to a second one. */
  tier2: { allocA: number; allocB: number; spare: number; customersB: number; directB: number } | null;
}

const worldSpec: fc.Arbitrary<WorldSpec> = fc.record({
  customers: fc.integer({ min: 2, max: 5 }),
  startOffset: fc.integer({ min: -5, max: 40 }),
  direct: fc.integer({ min: 1, max: 12 }),
  fly: fc.integer({ min: 1, max: 8 }),
  monthly: fc.integer({ min: 1, max: 8 }),
  annualMarket: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  offMarket: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
  flyMarket: fc.integer({ min: 1, max: 6 }),
  payg: fc.boolean(),
  archivePrepaid: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
  tier2: fc.option(
    fc.record({
      allocA: fc.integer({ min: 0, max: 6 }),
      allocB: fc.integer({ min: 0, max: 6 }),
      spare: fc.integer({ min: 0, max: 4 }),
      customersB: fc.integer({ min: 1, max: 3 }),
      directB: fc.integer({ min: 1, max: 4 }),
    }),
    { nil: null, freq: 2 },
  ),
});

/** What the world keeps of a pool: enough to pick it and to act as its holder. */
interface Pool {
  id: string;
  serviceId: string;
  channel: string;
}
interface Party {
  id: string;
  actor: Actor;
  aad: string;
  /** Pools its administrators can draw from: its own, and its LAR's (T2). */
  visible: Pool[];
}
interface Customer {
  id: string;
  party: Party;
}

interface World {
  customers: Customer[];
  /** Every pool, and who holds it (the actor for P10's cancellation). */
  pools: { pool: Pool; holder: Party }[];
  lar: { party: Party; pool: Pool; msps: Party[] } | null;
  firstDay: string;
}

/** Plain inserts with statements prepared once: the factories' read-backs would dominate a run. */
const inserts = new Map<string, ReturnType<typeof db.$client.prepare>>();
function insert(table: string, row: Row): void {
  const cols = Object.keys(row);
  const key = `${table}(${cols.join(",")})`;
  let s = inserts.get(key);
  if (!s) inserts.set(key, (s = db.$client.prepare(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) values (${cols.map((c) => `@${c}`).join(", ")})`)));
  s.run(row);
}

function party(id: string, kind: "msp" | "lar", larId: string | null = null): Party {
  insert("partners", { id, name: id, kind, teams_tenant_id: `${id}-tenant`, tier2_enabled: kind === "lar" ? 1 : 0, lar_id: larId });
  const aad = `${id}-admin`;
  insert("partner_users", { partner_id: id, aad_object_id: aad, name: `Admin of ${id}`, role: "administrator" });
  return { id, aad, visible: [], actor: { kind: "user", partnerId: id, aadObjectId: aad, name: `Admin of ${id}`, role: "administrator" } };
}

const YEAR = { channel: "direct", payment_model: "prepaid", payment_option: "annual_upfront", start: ORIGIN, end: "2026-12-31" };

function buildWorld(spec: WorldSpec): World {
  wipe();
  const lar = spec.tier2 ? party("lar", "lar") : null;
  const a = party("msp-a", "msp", lar?.id ?? null);
  const pools: World["pools"] = [];
  const add = (holder: Party, id: string, serviceId: string, quantity: number | null, over: Row = {}) => {
    const row = { ...YEAR, id, partner_id: holder.id, service_id: serviceId, quantity, mode: "manual", distributor_order_id: null, ...over };
    insert("pools", row);
    const pool = { id, serviceId, channel: row.channel as string };
    pools.push({ pool, holder });
    holder.visible.push(pool);
    return pool;
  };
  const market = { channel: "marketplace", payment_option: "apu", mode: "auto_adjusted" };
  add(a, "direct", M365, spec.direct);
  add(a, "fly", FLY, spec.fly);
  add(a, "monthly", M365, spec.monthly, { ...market, payment_option: "monthly", end: "2026-03-31" });
  if (spec.annualMarket !== null) add(a, "annual", M365, spec.annualMarket, { ...market, start: "2026-02-15", end: "2027-02-14" });
  if (spec.offMarket !== null) add(a, "offmarket", M365, spec.offMarket, { channel: "off_marketplace", distributor_order_id: "order-1" });
  add(a, "flymarket", FLY, spec.flyMarket, { ...market, mode: "manual", start: "2026-01-15", end: "2027-01-14" });
  if (spec.payg) add(a, "payg", ARCHIVE, null, { payment_model: "payg", payment_option: "monthly", start: "2026-02-01" });
  if (spec.archivePrepaid !== null) add(a, "archive", ARCHIVE, spec.archivePrepaid);
  const customers: Customer[] = [];
  const customer = (p: Party, id: string) => {
    insert("customers", { id, partner_id: p.id, name: `Customer ${id}`, m365_tenant_id: `${id}-m365`, onboarded_on: ORIGIN });
    customers.push({ id, party: p });
  };
  for (let i = 0; i < spec.customers; i++) customer(a, `a${i}`);

  let tier2: World["lar"] = null;
  if (spec.tier2 && lar) {
    const t = spec.tier2;
    const b = party("msp-b", "msp", lar.id);
    add(b, "direct-b", M365, t.directB);
    const pool = add(lar, "lar-pool", M365, t.allocA + t.allocB + t.spare, { channel: "off_marketplace", distributor_order_id: "order-lar" });
    a.visible.push(pool);
    b.visible.push(pool);
    insert("allocations", { pool_id: pool.id, partner_id: a.id, quantity: t.allocA });
    insert("allocations", { pool_id: pool.id, partner_id: b.id, quantity: t.allocB });
    for (let i = 0; i < t.customersB; i++) customer(b, `b${i}`);
    tier2 = { party: lar, pool, msps: [a, b] };
  }
  return { customers, pools, lar: tier2, firstDay: plus(ORIGIN, spec.startOffset) };
}

// ---------------------------------------------------------------- the commands

/**
 * Indexes are taken modulo what exists, so every number picks something. For seats, switch,
 * extend and licenses, the customer and service are mostly one holding a subscription that day, so
 * most attempts reach the rule under test instead of "no such subscription".
 */
type Command =
  | { kind: "assign"; customer: number; pool: number; quantity: number; expiresIn: number | null; advance: number }
  | { kind: "seats"; customer: number; service: number; quantity: number; advance: number }
  | { kind: "switch"; customer: number; service: number; pool: number; advance: number }
  | { kind: "disconnect"; customer: number; advance: number }
  | { kind: "extend"; customer: number; service: number; expiresIn: number; advance: number }
  | { kind: "cancel"; pool: number; canceledIn: number; advance: number }
  | { kind: "license"; customer: number; service: number; type: "cmp" | "enterprise"; startIn: number | null; length: number; advance: number }
  | { kind: "allocate"; msp: number; delta: number; advance: number }
  | { kind: "wait"; advance: number };

const idx = fc.nat({ max: 11 });
const advance = fc.integer({ min: 0, max: 8 });

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant("assign" as const), customer: idx, pool: idx, quantity: fc.integer({ min: 1, max: 6 }), expiresIn: fc.option(fc.integer({ min: -3, max: 400 }), { nil: null, freq: 3 }), advance }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("seats" as const), customer: idx, service: idx, quantity: fc.integer({ min: 1, max: 9 }), advance }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("switch" as const), customer: idx, service: idx, pool: idx, advance }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), customer: idx, advance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("extend" as const), customer: idx, service: idx, expiresIn: fc.integer({ min: -2, max: 330 }), advance }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pool: idx, canceledIn: fc.integer({ min: -20, max: 60 }), advance }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("license" as const),
      customer: idx,
      service: idx,
      type: fc.constantFrom("cmp" as const, "enterprise" as const),
      startIn: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      length: fc.integer({ min: 0, max: 90 }),
      advance,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("allocate" as const), msp: idx, delta: fc.integer({ min: -4, max: 4 }).filter((n) => n !== 0), advance }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("wait" as const), advance: fc.integer({ min: 1, max: 40 }) }) },
);

/** 5 to 30 steps of a few days each: long enough for the 31-day rules to lift and pools to end. */
const scenario = fc.tuple(worldSpec, fc.array(command, { minLength: 5, maxLength: 30, size: "max" }));

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

// ---------------------------------------------------------------- the database, read with our own SQL

const readers = TABLES.map((t) => [t, db.$client.prepare(`select * from "${t}" order by rowid`)] as const);

interface PoolM {
  id: string;
  holder: string;
  holderKind: string;
  service: string;
  channel: string;
  model: string;
  quantity: number;
  start: string;
  /** Last active day: the end, or an earlier distributor cancellation (P10). */
  last: string;
  fly: boolean;
  /** P9: a marketplace pool of a non-Fly service belongs to its holder's merged group. */
  group: string | null;
}

interface AsgM {
  id: string;
  customer: string;
  /** The customer's partner: whose allocation the seats count against (T2). */
  partner: string;
  pool: string;
  service: string;
  quantity: number;
  assignedOn: string;
  expiresOn: string;
  endedOn: string | null;
  /** Recorded quantities in the order they were set: [effective day, quantity]. */
  history: [string, number][];
}

interface Model {
  raw: Record<string, Row[]>;
  json: string;
  pools: Map<string, PoolM>;
  assignments: AsgM[];
  allocations: Map<string, number>;
  licenses: { customer: string; service: string; start: string; end: string }[];
  customers: Map<string, { partner: string; status: string }>;
  lastAuditId: number;
}

/** The tables the model is built from; the audit checks read every table. */
const MODEL_TABLES = new Set(["partners", "pools", "customers", "assignments", "assignment_quantities", "allocations", "licenses"]);

function read(everything: boolean): Model {
  const raw: Record<string, Row[]> = {};
  for (const [t, s] of readers) if (everything || MODEL_TABLES.has(t)) raw[t] = s.all() as Row[];
  const rows = (t: string) => raw[t] ?? [];
  const kinds = new Map(rows("partners").map((p) => [p.id as string, p.kind as string]));
  const pools = new Map<string, PoolM>();
  for (const p of rows("pools")) {
    const fly = FLY_SERVICES.has(p.service_id as string);
    const canceled = p.canceled_on as string | null;
    pools.set(p.id as string, {
      id: p.id as string,
      holder: p.partner_id as string,
      holderKind: kinds.get(p.partner_id as string)!,
      service: p.service_id as string,
      channel: p.channel as string,
      model: p.payment_model as string,
      quantity: (p.quantity as number | null) ?? 0,
      start: p.start as string,
      last: canceled !== null && canceled < (p.end as string) ? canceled : (p.end as string),
      fly,
      group: p.channel === "marketplace" && !fly ? `${String(p.partner_id)}/${String(p.service_id)}` : null,
    });
  }
  const customers = new Map(rows("customers").map((c) => [c.id as string, { partner: c.partner_id as string, status: c.status as string }]));
  const history = new Map<string, [string, number][]>();
  for (const q of rows("assignment_quantities")) {
    const list = history.get(q.assignment_id as string) ?? [];
    list.push([q.effective_on as string, q.quantity as number]);
    history.set(q.assignment_id as string, list);
  }
  const assignments = rows("assignments").map(
    (r): AsgM => ({
      id: r.id as string,
      customer: r.customer_id as string,
      partner: customers.get(r.customer_id as string)!.partner,
      pool: r.pool_id as string,
      service: r.service_id as string,
      quantity: r.quantity as number,
      assignedOn: r.assigned_on as string,
      expiresOn: r.expires_on as string,
      endedOn: r.ended_on as string | null,
      history: history.get(r.id as string) ?? [],
    }),
  );
  const audit = rows("audit_log");
  return {
    raw,
    json: everything ? JSON.stringify(raw) : "",
    pools,
    assignments,
    allocations: new Map(rows("allocations").map((a) => [`${String(a.pool_id)}/${String(a.partner_id)}`, a.quantity as number])),
    licenses: rows("licenses").map((l) => ({ customer: l.customer_id as string, service: l.service_id as string, start: l.start as string, end: l.end as string })),
    customers,
    lastAuditId: audit.length > 0 ? (audit[audit.length - 1]!.id as number) : 0,
  };
}

// ---------------------------------------------------------------- our own arithmetic

/** Active on day d: assigned, not past its expiry (A10), not ended (disconnect, supersede, switch). */
const activeOn = (a: AsgM, d: string) => a.assignedOn <= d && d <= a.expiresOn && (a.endedOn === null || d < a.endedOn);
/** Last active day (before assignedOn when it never was active). */
const lastActive = (a: AsgM) => (a.endedOn !== null ? minOf(a.expiresOn, plus(a.endedOn, -1)) : a.expiresOn);
const inTerm = (p: PoolM, d: string) => p.start <= d && d <= p.last;
/** The quantity at the end of day d: the last one recorded with an effective day on or before d. */
function quantityOn(a: AsgM, d: string): number {
  let q = 0;
  for (const [on, n] of a.history) if (on <= d) q = n;
  return q;
}
/** A9: a Fly assignment consumes the most seats it ever held, for good. */
const peak = (a: AsgM) => a.history.reduce((m, [, q]) => Math.max(m, q), 0);

/** P9: the pools an assignment from `p` counts against: its merged group, or itself. */
const membersOf = (m: Model, p: PoolM) => (p.group === null ? [p] : [...m.pools.values()].filter((q) => q.group === p.group));
/** P9: a source ends with the latest of its constituents. */
const sourceLast = (m: Model, p: PoolM) => membersOf(m, p).reduce((d, q) => maxOf(d, q.last), "0000-00-00");

/**
 * A capacity to respect (P8): a prepaid pool, a merged marketplace group (P9), or an MSP's allocation
 * of its LAR's pool (T2), each with the days on which its capacity is binding.
 */
interface Scope {
  key: string;
  rule: string;
  members: PoolM[];
  /** T2: only this MSP's customers count. */
  partner: string | null;
  cap: (d: string) => number;
  /** Whether day d is held to the capacity by the state check (see `scopes`). */
  binding: (d: string) => boolean;
}

function usage(assignments: AsgM[], s: Scope, d: string): number {
  let n = 0;
  for (const a of assignments) {
    if (!activeOn(a, d) || !s.members.some((p) => p.id === a.pool) || (s.partner !== null && a.partner !== s.partner)) continue;
    n += quantityOn(a, d);
  }
  return n;
}

function poolScope(p: PoolM): Scope {
  return { key: `pool ${p.id}`, rule: "P8", members: [p], partner: null, cap: (d) => (inTerm(p, d) ? p.quantity : 0), binding: () => true };
}

/** P9: capacity is the sum of the constituents in term; once one has ended an overage may stand (nothing is cut). */
function groupScope(members: PoolM[]): Scope {
  const firstEnd = members.reduce((d, p) => minOf(d, p.last), "9999-99-99");
  return {
    key: `merged ${members[0]!.group}`,
    rule: "P9",
    members,
    partner: null,
    cap: (d) => members.filter((p) => inTerm(p, d)).reduce((n, p) => n + p.quantity, 0),
    binding: (d) => d <= firstEnd,
  };
}

/** T2: allocations are current values with no history, so they bind from today on. */
function allocationScope(m: Model, p: PoolM, partner: string, today: string): Scope {
  const alloc = m.allocations.get(`${p.id}/${partner}`) ?? 0;
  return { key: `allocation ${p.id}/${partner}`, rule: "T2", members: [p], partner, cap: (d) => (inTerm(p, d) ? alloc : 0), binding: (d) => d >= today };
}

function scopes(m: Model, today: string): Scope[] {
  const out: Scope[] = [];
  const groups = new Map<string, PoolM[]>();
  for (const p of m.pools.values()) {
    if (p.model !== "prepaid" || p.fly) continue;
    if (p.group !== null) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
    else out.push(poolScope(p));
    if (p.holderKind === "lar") {
      const partners = new Set([...m.customers.values()].map((c) => c.partner).filter((id) => id !== p.holder));
      for (const partner of partners) out.push(allocationScope(m, p, partner, today));
    }
  }
  for (const members of groups.values()) out.push(groupScope(members));
  return out;
}

/** The days on which a scope's use can rise or its capacity fall, and today. */
function eventDays(m: Model, s: Scope, today: string): Set<string> {
  const days = new Set([today]);
  for (const p of s.members) days.add(p.start).add(plus(p.last, 1));
  for (const a of m.assignments) {
    if (!s.members.some((p) => p.id === a.pool)) continue;
    days.add(a.assignedOn);
    for (const [on] of a.history) days.add(on);
  }
  return days;
}

/** Seats free today for `partner`'s customers in `pool`, by our arithmetic (Infinity for PAYG). */
function freeFor(m: Model, pool: PoolM, partner: string, today: string): number {
  if (pool.model === "payg") return Number.POSITIVE_INFINITY;
  if (pool.fly) return (inTerm(pool, today) ? pool.quantity : 0) - m.assignments.filter((a) => a.pool === pool.id).reduce((n, a) => n + peak(a), 0);
  const own = pool.group === null ? poolScope(pool) : groupScope(membersOf(m, pool));
  const free = (s: Scope) => s.cap(today) - usage(m.assignments, s, today);
  return pool.holder === partner ? free(own) : Math.min(free(own), free(allocationScope(m, pool, partner, today)));
}

const activeAssignment = (m: Model, customer: string, service: string, d: string) => m.assignments.find((a) => a.customer === customer && a.service === service && activeOn(a, d));

// ---------------------------------------------------------------- running a command

/** Mostly a customer holding some service that day, so seats, switch and extend reach their rules. */
function pickHolder(w: World, m: Model, i: number, today: string): Customer {
  const holders = w.customers.filter((c) => m.assignments.some((a) => a.customer === c.id && activeOn(a, today)));
  return holders.length > 0 && i % 5 !== 4 ? pick(holders, i) : pick(w.customers, i);
}

function pickService(m: Model, customer: Customer, i: number, today: string): string {
  const held = [...new Set(m.assignments.filter((a) => a.customer === customer.id && activeOn(a, today)).map((a) => a.service))].sort();
  return held.length > 0 && i % 4 !== 3 ? pick(held, i) : pick(SERVICES, i);
}

const ctxOf = (p: Party, day: string): Ctx => ({ db, clock: clockAt(day), actor: p.actor });

interface Step {
  describe: string;
  actor: Party | null;
  run: () => Outcome<unknown> | null;
  /** What our arithmetic expects, checked after the step against the outcome and the new state. */
  expect: (o: Outcome<unknown>, after: Model) => void;
}

const nothing = () => {};

function violated(rule: string, what: string, detail: unknown): never {
  throw new Error(`${rule}: ${what}\n${JSON.stringify(detail, null, 1)}\nsteps:\n  ${trail.join("\n  ")}`);
}
let trail: string[] = [];

/** P8 and A10: a capacity refusal only when our arithmetic has no room; no success beyond it. */
function capacityDecision(asked: number, free: number, o: Outcome<unknown>, step: string): void {
  if (o.ok && asked > free) violated("P8", `${step} succeeded needing ${asked} with ${free} free`, o.value);
  if (!o.ok && o.refusal.code === "INSUFFICIENT_CAPACITY" && asked <= free) violated("A10", `${step} was refused for capacity needing ${asked} with ${free} free (seats not returned?)`, o.refusal);
}

function plan(w: World, m: Model, c: Command, today: string, checks: Checks): Step {
  const verb = <I>(name: string, actor: Party, input: I, fn: (ctx: Ctx, input: I) => Outcome<unknown>, expect: Step["expect"] = nothing): Step => ({
    describe: `${name} ${JSON.stringify(input)}`,
    actor,
    run: () => fn(ctxOf(actor, today), input),
    expect: checks.decisions || checks.capacity ? expect : nothing,
  });
  switch (c.kind) {
    case "assign": {
      const customer = pick(w.customers, c.customer);
      // The Fly property draws mostly on Fly pools, with expirations 31 to 60 days out, so the
      // pools fill up while assignments keep ending: seats that came back would show (A9).
      const fly = customer.party.visible.filter((p) => p.serviceId === FLY);
      const pool = m.pools.get(pick(checks.fly && fly.length > 0 && c.pool % 3 !== 2 ? fly : customer.party.visible, c.pool).id)!;
      const expiresIn = c.expiresIn === null ? null : checks.fly && pool.fly ? 31 + (Math.abs(c.expiresIn) % 30) : c.expiresIn;
      const input = { customerId: customer.id, poolId: pool.id, quantity: c.quantity, ...(expiresIn === null ? {} : { expiresOn: plus(today, expiresIn) }) };
      const free = freeFor(m, pool, customer.party.id, today);
      const licensed = m.licenses.some((l) => l.customer === customer.id && l.service === pool.service && l.start <= today && today <= l.end);
      const held = activeAssignment(m, customer.id, pool.service, today);
      const models = new Set(m.assignments.filter((a) => a.customer === customer.id && activeOn(a, today)).map((a) => m.pools.get(a.pool)!.model));
      const otherModel = [...models].some((x) => x !== pool.model);
      const inSource = membersOf(m, pool).some((p) => inTerm(p, today));
      const last = sourceLast(m, pool);
      return verb("assign", customer.party, input, assign, (o, after) => {
        const step = `assign ${JSON.stringify(input)}`;
        if (checks.capacity) {
          capacityDecision(c.quantity, free, o, step);
          if (o.ok && !inSource) violated("P7", `${step} drew on a pool out of its term`, o.value);
        }
        if (!checks.decisions) return;
        // A8, A1, A2: a success only where no license, no other source and no other payment model is active; each refusal only where it is.
        if (o.ok && licensed) violated("A8", `${step} succeeded while a license covers the service`, o.value);
        if (o.ok && held) violated("A1", `${step} succeeded while ${held.id} is active`, o.value);
        if (o.ok && otherModel) violated("A2", `${step} succeeded for a customer with ${[...models].join(", ")} assignments`, o.value);
        if (!o.ok && o.refusal.code === "LICENSE_PRECEDENCE" && !licensed) violated("A8", `${step} refused with no license covering ${today}`, o.refusal);
        if (!o.ok && o.refusal.code === "ALREADY_ASSIGNED" && !held) violated("A1", `${step} refused with no active source`, o.refusal);
        if (!o.ok && o.refusal.code === "PAYMENT_MODEL_MIXED" && !otherModel) violated("A2", `${step} refused with no other payment model active`, o.refusal);
        if (!o.ok) return;
        const made = after.assignments.find((a) => a.customer === customer.id && a.service === pool.service && a.assignedOn === today && activeOn(a, today));
        if (!made) return violated("A1", `${step} succeeded but no assignment is active today`, o.value);
        // A3: 31 days capped at the source's end; from a direct prepaid pool, the pool's last day. A4: an admin's date within bounds.
        const direct = pool.channel === "direct" && pool.model === "prepaid";
        const expected = input.expiresOn ?? (direct ? last : minOf(plus(today, 31), last));
        if (made.expiresOn !== expected) violated(input.expiresOn ? "A4" : "A3", `${step} expires on ${made.expiresOn}, expected ${expected}`, made);
        if (input.expiresOn && (input.expiresOn > last || input.expiresOn < minOf(plus(today, 31), last))) violated("A4", `${step} accepted an expiration out of bounds (pool ends ${last})`, made);
      });
    }
    case "seats": {
      const customer = pickHolder(w, m, c.customer, today);
      const service = pickService(m, customer, c.service, today);
      const input = { customerId: customer.id, serviceId: service, quantity: c.quantity };
      const current = activeAssignment(m, customer.id, service, today);
      return verb("changeSeats", customer.party, input, changeSeats, (o) => {
        const step = `changeSeats ${JSON.stringify(input)}`;
        if (!current) {
          if (o.ok) violated("A10", `${step} changed a subscription that is not active`, o.value);
          return;
        }
        const pool = m.pools.get(current.pool)!;
        const lifts = plus(current.assignedOn, 31);
        if (checks.decisions && c.quantity < current.quantity) {
          // A5: reductions wait 31 days from the initial assignment, and the refusal says until when.
          if (o.ok && today < lifts) violated("A5", `${step} reduced seats before ${lifts}`, o.value);
          if (!o.ok && o.refusal.code === "SEAT_REDUCTION_TOO_EARLY" && (today >= lifts || o.refusal.allowedFrom !== lifts)) violated("A5", `${step} refused a reduction on ${today}, lifting ${lifts}`, o.refusal);
          if (!o.ok && today >= lifts) violated("A5", `${step}: a reduction from ${lifts} on is always allowed`, o.refusal);
        }
        if (checks.capacity && c.quantity > current.quantity) {
          // A9: raising a Fly assignment back towards its peak consumes nothing new.
          const asked = pool.fly ? Math.max(0, c.quantity - peak(current)) : c.quantity - current.quantity;
          capacityDecision(asked, freeFor(m, pool, customer.party.id, today), o, step);
        }
      });
    }
    case "switch": {
      const customer = pickHolder(w, m, c.customer, today);
      const service = pickService(m, customer, c.service, today);
      const targets = customer.party.visible.filter((p) => p.serviceId === service);
      const target = m.pools.get(pick(targets.length > 0 ? targets : customer.party.visible, c.pool).id)!;
      const input = { customerId: customer.id, serviceId: service, toPoolId: target.id };
      const current = activeAssignment(m, customer.id, service, today);
      return verb("switchPool", customer.party, input, switchPool, (o, after) => {
        const step = `switchPool ${JSON.stringify(input)}`;
        if (!current) {
          if (o.ok) violated("A7", `${step} switched a subscription that is not active`, o.value);
          return;
        }
        const from = m.pools.get(current.pool)!;
        const lifts = plus(current.assignedOn, 31);
        const sameSource = target.id === from.id || (target.group !== null && target.group === from.group);
        if (checks.decisions) {
          // A7: the 31 days hold a switch, and the refusal names the day they lift.
          if (o.ok && today < lifts) violated("A7", `${step} switched before ${lifts}`, o.value);
          if (o.ok && sameSource) violated("A7", `${step} "switched" within one source`, o.value);
          if (!o.ok && o.refusal.code === "SWITCH_TOO_EARLY" && (today >= lifts || o.refusal.allowedFrom !== lifts)) violated("A7", `${step} refused a switch on ${today}, lifting ${lifts}`, o.refusal);
          if (o.ok) {
            // A7: the old assignment ends today (its seats go back), the new one starts today with the same seats.
            const old = after.assignments.find((a) => a.id === current.id)!;
            const made = activeAssignment(after, customer.id, service, today);
            if (old.endedOn !== today || !made || made.id === current.id || made.quantity !== current.quantity || made.assignedOn !== today) violated("A7", `${step} did not move the seats`, { old, made });
          }
        }
        if (checks.capacity && !sameSource) capacityDecision(current.quantity, freeFor(m, target, customer.party.id, today), o, step);
      });
    }
    case "disconnect": {
      const customer = pick(w.customers, c.customer);
      const input = { customerId: customer.id };
      const connected = m.customers.get(customer.id)!.status === "connected";
      const locked = m.assignments.filter((a) => a.customer === customer.id && activeOn(a, today) && today < plus(a.assignedOn, 31));
      const lifts = locked.reduce((d, a) => maxOf(d, plus(a.assignedOn, 31)), "");
      return verb("disconnect", customer.party, input, disconnect, (o, after) => {
        if (!checks.decisions) return;
        const step = `disconnect ${JSON.stringify(input)}`;
        // A6: refused exactly while some active assignment is within its first 31 days; afterwards nothing stays active.
        if (o.ok && locked.length > 0) violated("A6", `${step} succeeded within 31 days of ${locked.map((a) => a.assignedOn).join(", ")}`, o.value);
        if (!o.ok && o.refusal.code === "DISCONNECT_TOO_EARLY" && (locked.length === 0 || o.refusal.allowedFrom !== lifts)) violated("A6", `${step} refused, the lock lifting ${lifts || "never"}`, o.refusal);
        if (!o.ok && connected && locked.length === 0) violated("A6", `${step} refused a disconnect that is allowed`, o.refusal);
        if (o.ok) {
          const still = after.assignments.filter((a) => a.customer === customer.id && lastActive(a) >= today);
          if (still.length > 0 || after.customers.get(customer.id)!.status !== "disconnected") violated("A6", `${step} left assignments active`, still);
        }
      });
    }
    case "extend": {
      const customer = pickHolder(w, m, c.customer, today);
      const service = pickService(m, customer, c.service, today);
      const input = { customerId: customer.id, serviceId: service, expiresOn: plus(today, c.expiresIn) };
      const current = activeAssignment(m, customer.id, service, today);
      return verb("extend", customer.party, input, extend, (o) => {
        if (!checks.decisions || !o.ok) return;
        const step = `extend ${JSON.stringify(input)}`;
        if (!current) return violated("A10", `${step} extended a subscription that is not active`, o.value);
        // A4: at least 31 days from the initial assignment (or the pool's end, if sooner), never after the pool's end.
        const last = sourceLast(m, m.pools.get(current.pool)!);
        if (input.expiresOn > last || input.expiresOn < minOf(plus(current.assignedOn, 31), last) || input.expiresOn < today) violated("A4", `${step} accepted an expiration out of bounds (pool ends ${last})`, o.value);
      });
    }
    case "cancel": {
      // Mostly a pool with assignments active today, so the cancellation has something to cut.
      const cancelable = w.pools.filter((p) => p.pool.channel !== "direct");
      if (cancelable.length === 0) return { describe: "cancel (no distributor pool in this world)", actor: null, run: () => null, expect: nothing };
      const busy = cancelable.filter((p) => m.assignments.some((a) => a.pool === p.pool.id && activeOn(a, today)));
      const { pool: p, holder } = pick(busy.length > 0 && c.pool % 4 !== 3 ? busy : cancelable, c.pool);
      const input = { poolId: p.id, canceledOn: plus(today, c.canceledIn) };
      const pool = m.pools.get(p.id)!;
      const drawn = m.assignments.filter((a) => membersOf(m, pool).some((q) => q.id === a.pool));
      return verb("cancelOrder", holder, input, cancelOrder, (o, after) => {
        if (!checks.decisions || !o.ok) return;
        // P10: every assignment drawn from the pool ends by the cancellation (P9: a merged pool's by the latest end left).
        const bound = sourceLast(after, after.pools.get(p.id)!);
        for (const a of drawn) {
          const now = after.assignments.find((x) => x.id === a.id)!;
          const expected = minOf(lastActive(a), bound);
          if (lastActive(now) !== expected && now.assignedOn <= expected) violated("P10", `cancelOrder ${JSON.stringify(input)} left ${a.id} active until ${lastActive(now)}, expected ${expected}`, { before: a, after: now });
        }
      });
    }
    case "license": {
      const customer = pickHolder(w, m, c.customer, today);
      const service = pickService(m, customer, c.service, today);
      const start = c.startIn === null ? today : plus(today, c.startIn);
      const input = { customerId: customer.id, serviceId: service, type: c.type, ...(c.startIn === null ? {} : { start }), end: plus(start, c.length) };
      return verb("applyLicense", customer.party, input, applyLicense, (o, after) => {
        if (!checks.decisions || !o.ok) return;
        // A8: once applied, no pooled assignment of the service is active on a day the license covers.
        // (Licenses start today or later here; a back-dated start is the known bug tested below.)
        const overlap = after.assignments.filter((a) => a.customer === customer.id && a.service === service && a.assignedOn <= lastActive(a) && maxOf(a.assignedOn, start) <= minOf(lastActive(a), input.end));
        if (overlap.length > 0) violated("A8", `applyLicense ${JSON.stringify(input)} left a pooled assignment active under the license`, overlap);
      });
    }
    case "allocate": {
      if (!w.lar) return { describe: "allocate (no LAR in this world)", actor: null, run: () => null, expect: nothing };
      const { party: lar, pool: p, msps } = w.lar;
      // Mostly an MSP with seats of the pool in use, so taking seats back can meet them.
      const users = msps.filter((x) => m.assignments.some((a) => a.pool === p.id && a.partner === x.id && activeOn(a, today)));
      const msp = pick(users.length > 0 && c.msp % 3 !== 2 ? users : msps, c.msp);
      const input = { poolId: p.id, mspId: msp.id, quantity: c.delta };
      const pool = m.pools.get(p.id)!;
      const before = m.allocations.get(`${p.id}/${msp.id}`) ?? 0;
      const used = usage(m.assignments, allocationScope(m, pool, msp.id, today), today);
      const others = [...m.allocations].filter(([k]) => k.startsWith(`${p.id}/`) && k !== `${p.id}/${msp.id}`).reduce((n, [, q]) => n + q, 0);
      const next = before + c.delta;
      const allowed = next >= 0 && (c.delta > 0 || next >= used) && others + next <= pool.quantity;
      return verb("allocate", lar, input, allocate, (o) => {
        // T2: allocations stay within the pool; a LAR takes back only seats the MSP has not assigned.
        if (checks.decisions && o.ok !== allowed) violated("T2", `allocate ${JSON.stringify(input)} ${o.ok ? "succeeded" : "was refused"}: ${before} -> ${next}, ${used} assigned, ${others} elsewhere, pool ${pool.quantity}`, o);
      });
    }
    case "wait":
      return { describe: `wait ${c.advance} days`, actor: null, run: () => null, expect: nothing };
  }
}

// ---------------------------------------------------------------- the invariants on the state

/** P8, P9, T2 (with P7, P10 and A10's expiry) on every day where capacity binds. */
function capacityOverruns(m: Model, today: string): Row[] {
  const found: Row[] = [];
  for (const s of scopes(m, today)) {
    for (const d of eventDays(m, s, today)) {
      if (!s.binding(d)) continue;
      const used = usage(m.assignments, s, d);
      const cap = s.cap(d);
      if (used > cap) found.push({ rule: s.rule, scope: s.key, day: d, capacity: cap, used });
    }
  }
  return found;
}

/** P8 at the moment of action: a step that raises today's use of a scope must stay within it (covers P9 after a constituent ended). */
function raisedOverCapacity(before: Model, after: Model, today: string): Row[] {
  return scopes(after, today)
    .map((s) => ({ rule: s.rule, scope: s.key, before: usage(before.assignments, s, today), after: usage(after.assignments, s, today), capacity: s.cap(today) }))
    .filter((r) => r.after > r.before && r.after > r.capacity);
}

/**
 * P7, P10: no assignment starts outside its pool's term or stays active after its last day. P9: one
 * from a merged pool stays active no later than the latest end among the constituents (a
 * constituent canceled back to before its start leaves an overage that stands, not a cut).
 */
function outsideTerm(m: Model): Row[] {
  return m.assignments
    .filter((a) => a.assignedOn <= lastActive(a))
    .map((a) => ({ a, p: m.pools.get(a.pool)! }))
    .filter(({ a, p }) => lastActive(a) > sourceLast(m, p) || (p.group === null && !inTerm(p, a.assignedOn)))
    .map(({ a, p }) => ({ assignment: a.id, assignedOn: a.assignedOn, lastActive: lastActive(a), poolLast: sourceLast(m, p) }));
}

/** A9: Fly seats consumed from each Fly pool: every assignment ever drawn from it, at its peak. */
function flyConsumption(m: Model): Map<string, { consumed: number; quantity: number }> {
  const out = new Map<string, { consumed: number; quantity: number }>();
  for (const p of m.pools.values()) if (p.fly) out.set(p.id, { consumed: 0, quantity: p.quantity });
  for (const a of m.assignments) {
    const f = out.get(a.pool);
    if (f) f.consumed += peak(a);
  }
  return out;
}

/** A1: two assignments of one customer and service active on a common day; A2: prepaid and PAYG on a common day. */
function overlaps(m: Model): Row[] {
  const found: Row[] = [];
  const live = m.assignments.filter((a) => a.assignedOn <= lastActive(a));
  for (const a of live) {
    for (const b of live) {
      if (a.id >= b.id || a.customer !== b.customer || maxOf(a.assignedOn, b.assignedOn) > minOf(lastActive(a), lastActive(b))) continue;
      if (a.service === b.service) found.push({ rule: "A1", first: a.id, second: b.id });
      else if (m.pools.get(a.pool)!.model !== m.pools.get(b.pool)!.model) found.push({ rule: "A2", first: a.id, second: b.id });
    }
  }
  return found;
}

/** A5: a recorded quantity below an earlier one, effective within 31 days of the assignment; and the column agrees with the history. */
function quantityHistory(m: Model): Row[] {
  const found: Row[] = [];
  for (const a of m.assignments) {
    const lifts = plus(a.assignedOn, 31);
    a.history.forEach(([on, q], i) => {
      if (on < lifts && a.history.slice(0, i).some(([, p]) => p > q)) found.push({ rule: "A5", assignment: a.id, on, history: a.history });
    });
    if (a.history.length === 0 || a.history[a.history.length - 1]![1] !== a.quantity) found.push({ rule: "A9", assignment: a.id, quantity: a.quantity, history: a.history });
  }
  return found;
}

// ---------------------------------------------------------------- the audit

/** Which entity a row of a table belongs to; a write to any other table must not happen. */
const ENTITY: Record<string, { pk: (r: Row) => string; entity: (r: Row) => string }> = {
  assignments: { pk: (r) => String(r.id), entity: (r) => `assignment:${String(r.id)}` },
  assignment_quantities: { pk: (r) => String(r.id), entity: (r) => `assignment:${String(r.assignment_id)}` },
  licenses: { pk: (r) => String(r.id), entity: (r) => `license:${String(r.id)}` },
  customers: { pk: (r) => String(r.id), entity: (r) => `customer:${String(r.id)}` },
  pools: { pk: (r) => String(r.id), entity: (r) => `pool:${String(r.id)}` },
  allocations: { pk: (r) => `${String(r.pool_id)}/${String(r.partner_id)}`, entity: (r) => `allocation:${String(r.pool_id)}/${String(r.partner_id)}` },
};
const ENTITY_TABLE: Record<string, string> = { assignment: "assignments", license: "licenses", customer: "customers", pool: "pools", allocation: "allocations" };
/** Notifications for the bot to deliver, not state: written with a success, never audited themselves. */
const NOT_STATE = new Set(["audit_log", "domain_events"]);
// (A write to any other table, the catalog included, fails the check below.)

function rowOf(m: Model, key: string): Row | undefined {
  const [type, ...rest] = key.split(":");
  const table = ENTITY_TABLE[type!];
  return table ? m.raw[table]?.find((r) => ENTITY[table]!.pk(r) === rest.join(":")) : undefined;
}

/** Every object inside an audit image (the image itself, nested ones, array items). */
function objects(v: unknown, out: Row[] = []): Row[] {
  if (Array.isArray(v)) for (const x of v) objects(x, out);
  else if (v !== null && typeof v === "object") {
    out.push(v as Row);
    for (const x of Object.values(v)) objects(x, out);
  }
  return out;
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** An image shows a row when it shares some columns with it and agrees on all of them. */
function shows(image: Row, row: Row): boolean {
  const shared = Object.entries(image).filter(([k, v]) => snake(k) in row && (v === null || typeof v !== "object"));
  return shared.length > 0 && shared.every(([k, v]) => row[snake(k)] === v);
}
const parse = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

/**
 * audit: a refusal (or a pause) writes nothing at all. A success writes audit rows by the acting
 * administrator at the step's time, each naming an entity the step changed, its after image
 * matching the database now and its before image the database before; and every entity the step
 * changed is named by one of them (as the entity, or inside its before/after).
 */
function checkAudit(before: Model, after: Model, outcome: Outcome<unknown> | null, actor: Party | null, today: string): void {
  if (outcome === null || !outcome.ok) {
    if (after.json !== before.json) violated("audit", "a refused step wrote to the database", { refusal: outcome?.ok === false ? outcome.refusal : null, tables: TABLES.filter((t) => JSON.stringify(before.raw[t]) !== JSON.stringify(after.raw[t])) });
    return;
  }
  const changed = new Set<string>();
  for (const t of TABLES) {
    if (NOT_STATE.has(t)) continue;
    const was = JSON.stringify(before.raw[t]);
    if (was === JSON.stringify(after.raw[t])) continue;
    const e = ENTITY[t];
    if (!e) violated("audit", `a step wrote to ${t}, which no verb here may change`, after.raw[t]);
    const old = new Map((before.raw[t] ?? []).map((r) => [e.pk(r), JSON.stringify(r)]));
    const now = new Set((after.raw[t] ?? []).map((r) => e.pk(r)));
    for (const pk of old.keys()) if (!now.has(pk)) violated("audit", `a step deleted ${t} ${pk}`, null);
    for (const r of after.raw[t] ?? []) if (old.get(e.pk(r)) !== JSON.stringify(r)) changed.add(e.entity(r));
  }
  const added = (after.raw.audit_log ?? []).filter((r) => (r.id as number) > before.lastAuditId);
  if (added.length === 0) violated("audit", "a successful step wrote no audit row", outcome.value);
  if (changed.size === 0) violated("audit", "a successful step changed nothing but the audit log", added);
  const named = new Set<string>();
  const at = clockAt(today)().toISOString();
  for (const r of added) {
    if (r.actor_id !== actor?.aad || r.at !== at) violated("audit", "an audit row names the wrong actor or time", r);
    const key = `${String(r.entity_type)}:${String(r.entity_id)}`;
    if (!changed.has(key)) violated("audit", `an audit row names ${key}, which the step did not change`, r);
    named.add(key);
    const [was, is] = [objects(parse(r.before)), objects(parse(r.after))];
    const rowNow = rowOf(after, key);
    const rowThen = rowOf(before, key);
    if (rowNow && !is.some((o) => shows(o, rowNow))) violated("audit", `the after image of ${key} does not match the database`, { audit: r, row: rowNow });
    if (rowThen && !was.some((o) => shows(o, rowThen))) violated("audit", `the before image of ${key} does not match the database`, { audit: r, row: rowThen });
    // Entities changed on the side (a disconnect's assignments, a switch's old one, a superseded one).
    for (const [images, m] of [[was, before], [is, after]] as const) {
      for (const o of images) {
        if (typeof o.id !== "string") continue;
        for (const type of ["assignment", "customer", "pool"]) {
          const side = `${type}:${o.id}`;
          const row = rowOf(m, side);
          if (!row || !changed.has(side)) continue;
          named.add(side);
          if (!shows(o, row)) violated("audit", `an image of ${side} in a ${String(r.action)} row does not match the database`, { image: o, row });
        }
      }
    }
  }
  for (const key of changed) if (!named.has(key)) violated("audit", `${key} changed with no audit row naming it`, { row: rowOf(after, key), audit: added });
}

// ---------------------------------------------------------------- the property

interface Checks {
  capacity?: boolean;
  fly?: boolean;
  audit?: boolean;
  decisions?: boolean;
}

/** Runs one scenario and checks the chosen invariants after every step; a violation names the rule. */
function runScenario(spec: WorldSpec, commands: Command[], checks: Checks, stats?: Map<string, number>): void {
  const w = buildWorld(spec);
  let today = w.firstDay;
  let state = read(checks.audit === true);
  trail = [];

  for (const c of commands) {
    today = plus(today, c.advance);
    const step = plan(w, state, c, today, checks);
    const outcome = step.run();
    const label = outcome === null ? "-" : outcome.ok ? "ok" : outcome.refusal.code;
    trail.push(`${today} ${step.describe} -> ${label}`);
    stats?.set(`${c.kind} ${label}`, (stats.get(`${c.kind} ${label}`) ?? 0) + 1);
    const next = read(checks.audit === true);

    if (checks.audit) checkAudit(state, next, outcome, step.actor, today);
    if (checks.capacity) {
      const over = capacityOverruns(next, today);
      if (over.length > 0) violated(String(over[0]!.rule), "more seats in use than the capacity on some day", over.slice(0, 5));
      const raised = raisedOverCapacity(state, next, today);
      if (raised.length > 0) violated(String(raised[0]!.rule), "a step raised today's use above the capacity", raised);
      const outside = outsideTerm(next);
      if (outside.length > 0) violated("P7, P10", "an assignment is active outside its pool's term", outside);
    }
    if (checks.fly) {
      const was = flyConsumption(state);
      for (const [id, f] of flyConsumption(next)) {
        if (f.consumed > f.quantity) violated("P8", `Fly pool ${id} consumed ${f.consumed} of ${f.quantity}`, f);
        const prev = was.get(id)?.consumed ?? 0;
        if (f.consumed < prev) violated("A9", `Fly consumption of ${id} went down from ${prev} to ${f.consumed}`, f);
      }
    }
    if (checks.decisions) {
      const found = [...overlaps(next), ...quantityHistory(next)];
      if (found.length > 0) violated(String(found[0]!.rule), "the assignments break a rule", found.slice(0, 5));
    }
    if (outcome) step.expect(outcome, next);
    state = next;
  }
  stats?.set("runs", (stats.get("runs") ?? 0) + 1);
}

/** How long fast-check may spend shrinking a failure before it reports the smallest found so far. */
const SHRINK_MS = 5_000;

/**
 * One property per family of invariants, each on its own fixed seed (so together they see more
 * worlds). On a failure fast-check prints the seed, the shrunk world and steps, and the message
 * lists the steps with their outcomes. Every run completes (no time limit on a passing property);
 * only shrinking is cut short: once SHRINK_MS have passed since the first failure, further
 * candidates count as passing, so fast-check stops and reports the last failing one.
 */
function property(checks: Checks, seed: number, numRuns: number): void {
  const stats = process.env.PROPERTY_STATS ? new Map<string, number>() : undefined;
  let failedAt: number | null = null;
  fc.assert(
    fc.property(scenario, ([spec, commands]) => {
      if (failedAt !== null && performance.now() - failedAt > SHRINK_MS) return;
      try {
        runScenario(spec, commands, checks, stats);
      } catch (e) {
        failedAt ??= performance.now();
        throw e;
      }
    }),
    { seed, numRuns },
  );
  if (stats) console.log([...stats].sort(([a], [b]) => a.localeCompare(b)));
}

describe("seat arithmetic under random command sequences (property-based)", () => {
  it("P8, P9, T2, P7, P10, A10: no prepaid pool, merged marketplace group or MSP allocation holds more than its capacity on any day; capacity refusals only when full", () => {
    property({ capacity: true }, 42, 100);
  }, 60_000);

  it("A9, P8: Fly consumption (each assignment's peak, never returned) never decreases and stays within its pool", () => {
    property({ fly: true }, 7, 60);
  }, 60_000);

  it("audit: every audit row matches a change it names, every change is audited, a refusal writes nothing", () => {
    property({ audit: true }, 20260301, 60);
  }, 60_000);

  it("A1, A2, A3, A4, A5, A6, A7, A8, P10, T2: each verb's success or refusal agrees with the rules on its day", () => {
    property({ decisions: true }, 1234, 80);
  }, 60_000);
});

// ---------------------------------------------------------------- domain bugs the properties found

/** A world with no randomness for the bugs' minimal cases (same builder, same own SQL). */
const minimal = (tier2: WorldSpec["tier2"] = null) =>
  buildWorld({ customers: 1, startOffset: 0, direct: 10, fly: 1, monthly: 1, annualMarket: null, offMarket: null, flyMarket: 1, payg: false, archivePrepaid: null, tier2 });
const outcome = (o: Outcome<unknown>) => (o.ok ? "ok" : o.refusal.code);

/** A8 bug: a0 gets 2 seats on 03-10; on 03-20 a CMP license is applied from 03-05 to 06-30. */
function backDatedLicense() {
  const w = minimal();
  const a0 = w.customers[0]!;
  const assigned = assign(ctxOf(a0.party, "2026-03-10"), { customerId: a0.id, poolId: "direct", quantity: 2 });
  const licensed = applyLicense(ctxOf(a0.party, "2026-03-20"), { customerId: a0.id, serviceId: M365, type: "cmp", start: "2026-03-05", end: "2026-06-30" });
  return { steps: [outcome(assigned), outcome(licensed)], activeUnderLicense: read(false).assignments.filter((a) => activeOn(a, "2026-03-20")) };
}

/** T2: a LAR pool of 3, all allocated to msp-a; the LAR's own customer takes 3, then msp-a's customer asks for 3. */
function larTakesAllocatedSeats() {
  const w = minimal({ allocA: 3, allocB: 0, spare: 0, customersB: 1, directB: 1 });
  const { party: lar, pool } = w.lar!;
  insert("customers", { id: "l0", partner_id: lar.id, name: "Customer of the LAR", m365_tenant_id: "l0-m365", onboarded_on: ORIGIN });
  const a0 = w.customers[0]!;
  const first = assign(ctxOf(lar, "2026-03-01"), { customerId: "l0", poolId: pool.id, quantity: 3 });
  const second = assign(ctxOf(a0.party, "2026-03-01"), { customerId: a0.id, poolId: pool.id, quantity: 3 });
  return { steps: [outcome(first), outcome(second)], overruns: capacityOverruns(read(false), "2026-03-01") };
}

describe("two cases the properties found (fixed; kept as regressions)", () => {
  // domain/verbs/applyLicense.ts looked for the pooled assignment on the license's start day only,
  // so one made between a back-dated start and today stayed active beside the license.
  it("A8: a license applied with a past start supersedes a pooled assignment made after that start", () => {
    const r = backDatedLicense();
    expect(r.steps).toEqual(["ok", "ok"]);
    expect(r.activeUnderLicense).toEqual([]);
  });

  // domain/sources.ts gave the pool's holder the whole pool: a LAR's own customer and an MSP drawing
  // on its allocation together held 6 of 3. Seats allocated to MSPs are now set aside for them.
  it("T2, P8: a LAR assigning from its own pool cannot take seats allocated to its MSPs", () => {
    const r = larTakesAllocatedSeats();
    expect(r.steps).toEqual(["INSUFFICIENT_CAPACITY", "ok"]);
    expect(r.overruns).toEqual([]);
  });
});
