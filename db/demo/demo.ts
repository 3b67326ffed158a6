import { CATALOG, type CatalogService } from "../catalog";
import type { AssignmentRecord, ImportDocument, PartnerRecord, PoolRecord } from "../import/document";
import {
  addDays,
  addMonths,
  addYears,
  daysBetween,
  firstOfMonth,
  isDay,
  lastOfMonth,
  maxDay,
  minDay,
  type Day,
} from "../../domain/dates";
import { isMerged, poolLastDay } from "../../domain/rules/pools";
import { between, guid, prng } from "./random";

/** The identities the Microsoft 365 Agents Playground sends, so the demo answers it out of the box. */
export const PLAYGROUND_TENANT_ID = "00000000-0000-0000-0000-0000000000001";
export const PLAYGROUND_USER_ID = "00000000-0000-0000-0000-0000000000020";

/**
 * The demo data set: Contoso MSP with a dozen customers, and a Tier 2 LAR with two MSPs, in the
 * import format. Every date is relative to `today`, so expiries, 31-day windows and month ends are
 * on screen whichever day it is loaded; the same `today` always gives the same document. Ids
 * (records, tenants, jobs) do not depend on `today`: a customer or a job is the same record whichever
 * day the demo is built.
 *
 * The assignments obey the rules as of their own dates (A1-A4, A6-A10, P7, P8, P9, P10, T2);
 * test/demo.test.ts checks that independently of this file.
 */
export function demoDocument(today: Day): ImportDocument {
  if (!isDay(today)) throw new Error(`demoDocument: "${today}" is not a YYYY-MM-DD day`);
  const d = (n: number): Day => addDays(today, n);
  const pools = demoPools(today);
  const pool = (id: string): PoolRecord => {
    const p = pools.find((x) => x.id === id);
    if (!p) throw new Error(`demo: no pool ${id}`);
    return p;
  };

  // A3 gives the expiration unless one is stated; stated ones follow A4 (>= assignedOn + 31, <= pool end).
  const a = (
    id: string,
    customerId: string,
    poolId: string,
    quantity: number,
    assignedOn: Day,
    opts: { expiresOn?: Day; endedOn?: Day } = {},
  ): AssignmentRecord => {
    const p = pool(poolId);
    const expiresOn = opts.expiresOn ?? defaultExpiry(p, assignedOn, pools);
    return { id, customerId, poolId, quantity, assignedOn, expiresOn, ...(opts.endedOn ? { endedOn: opts.endedOn } : {}) };
  };
  const direct = pool("contoso-m365-direct");
  // A stated expiration at the pool's last day: renewed or extended (A4, A11), or cut by P10.
  const toEnd = (poolId: string): { expiresOn: Day } => {
    const p = pool(poolId);
    return { expiresOn: poolLastDay({ end: p.end, canceledOn: p.canceledOn ?? null }) };
  };
  const disconnectedOn = d(-50);

  const assignments: AssignmentRecord[] = [
    // Fabrikam: long-standing prepaid customer on three pools.
    a("asg-fabrikam-m365", "fabrikam", "contoso-m365-direct", 240, addDays(direct.start, 3)),
    a("asg-fabrikam-policies", "fabrikam", "contoso-policies-offmkt", 240, d(-280), toEnd("contoso-policies-offmkt")),
    a("asg-fabrikam-opus", "fabrikam", "contoso-opus-direct", 8000, d(-250)),
    // Northwind: A7 switch from the monthly marketplace pool to the direct pool 60 days ago; its
    // Baseline seats were cut short by the distributor's cancellation (P10) before 31 days passed.
    a("asg-northwind-m365-mkt", "northwind", "contoso-m365-mkt-monthly", 110, d(-150), {
      ...toEnd("contoso-m365-mkt-monthly"),
      endedOn: d(-60),
    }),
    a("asg-northwind-m365", "northwind", "contoso-m365-direct", 110, d(-60)),
    a("asg-northwind-baseline", "northwind", "contoso-baseline-offmkt", 80, d(-50)),
    // Adventure Works: the big one; holds the Enterprise license (A8) for a service it has no pool for.
    a("asg-adventure-works-m365", "adventure-works", "contoso-m365-direct", 380, addDays(direct.start, 12)),
    a("asg-adventure-works-insights", "adventure-works", "contoso-insights-mkt-apm", 120, d(-140), toEnd("contoso-insights-mkt-apm")),
    a("asg-adventure-works-aviator", "adventure-works", "contoso-fly-aviator-mkt", 60, d(-100), toEnd("contoso-fly-aviator-mkt")),
    // Tailspin: Policies expired unrenewed (A10) and a CMP license took over the day after (A8).
    a("asg-tailspin-m365", "tailspin", "contoso-m365-mkt-apu", 85, d(-200), toEnd("contoso-m365-mkt-apu")),
    a("asg-tailspin-cense", "tailspin", "contoso-cense-mkt-apm", 40, d(-200), toEnd("contoso-cense-mkt-apm")),
    a("asg-tailspin-policies", "tailspin", "contoso-policies-offmkt", 60, d(-120)),
    // Woodgrove: a recent off-marketplace assignment (still in its 31 days) and the big Opus user.
    a("asg-woodgrove-policies", "woodgrove", "contoso-policies-offmkt", 120, d(-14)),
    a("asg-woodgrove-insights", "woodgrove", "contoso-insights-mkt-apm", 66, d(-45), toEnd("contoso-insights-mkt-apm")),
    a("asg-woodgrove-objects", "woodgrove", "contoso-fly-objects-direct", 1800, d(-80)),
    a("asg-woodgrove-opus", "woodgrove", "contoso-opus-direct", 12000, d(-180)),
    // Litware and Proseware are PAYG customers (A2): every assignment they have is PAYG.
    a("asg-litware-m365", "litware", "contoso-m365-payg", 55, d(-170), toEnd("contoso-m365-payg")),
    a("asg-litware-archiving", "litware", "contoso-archiving-payg", 55, d(-170), toEnd("contoso-archiving-payg")),
    a("asg-proseware-m365", "proseware", "contoso-m365-payg", 35, d(-8)),
    a("asg-proseware-archiving", "proseware", "contoso-archiving-payg", 35, d(-8)),
    // Wide World: M365 expires in 5 days (the 7-day notice); Cense ends with its pool.
    a("asg-wide-world-m365", "wide-world-importers", "contoso-m365-mkt-apu", 140, d(-95), { expiresOn: d(5) }),
    a("asg-wide-world-cense", "wide-world-importers", "contoso-cense-mkt-apm", 30, d(-100), toEnd("contoso-cense-mkt-apm")),
    a("asg-wide-world-objects", "wide-world-importers", "contoso-fly-objects-direct", 1200, d(-25)),
    // Alpine Ski House: M365 on the 31-day default expires tomorrow, even past the monthly pool's
    // end, as the merged pool runs on (P9);
    // Baseline ended with the canceled order (P10).
    a("asg-alpine-ski-baseline", "alpine-ski-house", "contoso-baseline-offmkt", 50, d(-200), toEnd("contoso-baseline-offmkt")),
    a("asg-alpine-ski-m365", "alpine-ski-house", "contoso-m365-mkt-monthly", 60, d(-30)),
    // Coho Winery: a recent customer; its Cense assignment expires with the pool, before 31 days (A4).
    a("asg-coho-aviator", "coho-winery", "contoso-fly-aviator-mkt-monthly", 20, d(-40), toEnd("contoso-fly-aviator-mkt-monthly")),
    a("asg-coho-m365", "coho-winery", "contoso-m365-direct", 45, d(-12)),
    a("asg-coho-cense", "coho-winery", "contoso-cense-mkt-apm", 25, d(-6)),
    // Fourth Coffee: disconnected 50 days ago (A6); its Fly seats stay consumed (A9).
    a("asg-fourth-coffee-m365", "fourth-coffee", "contoso-m365-direct", 50, addDays(direct.start, 5), { endedOn: disconnectedOn }),
    a("asg-fourth-coffee-aviator", "fourth-coffee", "contoso-fly-aviator-mkt", 30, d(-190), { ...toEnd("contoso-fly-aviator-mkt"), endedOn: disconnectedOn }),
    // Blue Yonder: both assignments within their first 31 days (no reduction, no disconnect yet).
    a("asg-blue-yonder-m365", "blue-yonder", "contoso-m365-mkt-monthly", 70, d(-20)),
    a("asg-blue-yonder-aviator", "blue-yonder", "contoso-fly-aviator-mkt", 25, d(-20)),
    // Tier 2 (T2): the MSPs' customers draw on Trey Research's pool within their allocations.
    a("asg-bellows-m365", "bellows-college", "trey-m365-direct", 140, d(-100)),
    a("asg-consolidated-m365", "consolidated-messenger", "trey-m365-direct", 90, d(-60)),
    a("asg-vanarsdel-m365", "vanarsdel", "trey-m365-direct", 55, d(-9)),
    a("asg-margies-m365", "margies-travel", "trey-m365-direct", 80, d(-110)),
    a("asg-humongous-m365", "humongous-insurance", "trey-m365-direct", 150, d(-30)),
  ];

  const customers = CUSTOMERS.map((c) => {
    const own = assignments.filter((x) => x.customerId === c.id);
    // C1 onboards a customer with its services, so it is onboarded on its first assignment.
    const onboardedOn = own.length ? minDay(...own.map((x) => x.assignedOn)) : d(-30);
    return {
      id: c.id,
      partnerId: c.partnerId,
      name: c.name,
      m365TenantId: guid(`m365:${c.id}`),
      onboardedOn,
      status: c.disconnected ? ("disconnected" as const) : ("connected" as const),
    };
  });

  const licenses: NonNullable<ImportDocument["licenses"]> = [
    // A8: each covers a customer service with no active pooled assignment at the same time.
    { customerId: "tailspin", service: POLICIES, type: "cmp", start: d(-88), end: addDays(addYears(d(-88), 1), -1) },
    { customerId: "adventure-works", service: "Cloud Governance", type: "enterprise", start: d(-200), end: d(165) },
  ];

  const connected = new Set(CUSTOMERS.filter((c) => !c.disconnected).map((c) => c.id));
  const { usage, jobs } = activity(
    today,
    assignments.filter((x) => connected.has(x.customerId)),
    pools,
  );

  return {
    partners: PARTNERS,
    partnerUsers: PARTNER_USERS,
    customers,
    customerUsers: CUSTOMERS.flatMap(customerUsers),
    pools,
    allocations: [
      { poolId: "trey-m365-direct", partnerId: "relecloud", quantity: 300 },
      { poolId: "trey-m365-direct", partnerId: "lamna", quantity: 250 },
    ],
    assignments,
    licenses,
    usage,
    jobs,
  };
}

const M365 = "Cloud Backup for Microsoft 365";
const POLICIES = "Policies for Microsoft 365";

const PARTNERS: PartnerRecord[] = [
  { id: "contoso", name: "Contoso MSP", kind: "msp", teamsTenantId: PLAYGROUND_TENANT_ID, timeZone: "Europe/London" },
  { id: "trey-research", name: "Trey Research LAR", kind: "lar", teamsTenantId: guid("teams:trey-research"), tier2Enabled: true, timeZone: "America/New_York" },
  { id: "relecloud", name: "Relecloud MSP", kind: "msp", teamsTenantId: guid("teams:relecloud"), larId: "trey-research", timeZone: "America/Chicago" },
  { id: "lamna", name: "Lamna MSP", kind: "msp", teamsTenantId: guid("teams:lamna"), larId: "trey-research", timeZone: "Europe/Berlin" },
];

const PARTNER_USERS: NonNullable<ImportDocument["partnerUsers"]> = [
  { partnerId: "contoso", aadObjectId: PLAYGROUND_USER_ID, name: "Alex Wilber", role: "administrator" },
  { partnerId: "contoso", aadObjectId: guid("aad:adele-vance"), name: "Adele Vance", role: "administrator" },
  { partnerId: "contoso", aadObjectId: guid("aad:diego-siciliani"), name: "Diego Siciliani", role: "viewer" },
  { partnerId: "trey-research", aadObjectId: guid("aad:megan-bowen"), name: "Megan Bowen", role: "administrator" },
  { partnerId: "trey-research", aadObjectId: guid("aad:johanna-lorenz"), name: "Johanna Lorenz", role: "viewer" },
  { partnerId: "relecloud", aadObjectId: guid("aad:lee-gu"), name: "Lee Gu", role: "administrator" },
  { partnerId: "relecloud", aadObjectId: guid("aad:lynne-robbins"), name: "Lynne Robbins", role: "viewer" },
  { partnerId: "lamna", aadObjectId: guid("aad:isaiah-langer"), name: "Isaiah Langer", role: "administrator" },
];

interface CustomerSpec {
  id: string;
  partnerId: string;
  name: string;
  domain: string;
  /** A second Service Administrator, so the tenant owner can be changed (C2). */
  secondAdmin?: boolean;
  disconnected?: boolean;
}

const CUSTOMERS: readonly CustomerSpec[] = [
  { id: "fabrikam", partnerId: "contoso", name: "Fabrikam, Inc.", domain: "fabrikam.com", secondAdmin: true },
  { id: "northwind", partnerId: "contoso", name: "Northwind Traders", domain: "northwindtraders.com", secondAdmin: true },
  { id: "adventure-works", partnerId: "contoso", name: "Adventure Works Cycles", domain: "adventure-works.com" },
  { id: "tailspin", partnerId: "contoso", name: "Tailspin Toys", domain: "tailspintoys.com", secondAdmin: true },
  { id: "woodgrove", partnerId: "contoso", name: "Woodgrove Bank", domain: "woodgrovebank.com", secondAdmin: true },
  { id: "litware", partnerId: "contoso", name: "Litware, Inc.", domain: "litwareinc.com" },
  { id: "proseware", partnerId: "contoso", name: "Proseware, Inc.", domain: "proseware.com" },
  { id: "wide-world-importers", partnerId: "contoso", name: "Wide World Importers", domain: "wideworldimporters.com", secondAdmin: true },
  { id: "alpine-ski-house", partnerId: "contoso", name: "Alpine Ski House", domain: "alpineskihouse.com" },
  { id: "coho-winery", partnerId: "contoso", name: "Coho Winery", domain: "cohowinery.com" },
  { id: "fourth-coffee", partnerId: "contoso", name: "Fourth Coffee", domain: "fourthcoffee.com", disconnected: true },
  { id: "blue-yonder", partnerId: "contoso", name: "Blue Yonder Airlines", domain: "blueyonderairlines.com" },
  { id: "bellows-college", partnerId: "relecloud", name: "Bellows College", domain: "bellowscollege.com", secondAdmin: true },
  { id: "consolidated-messenger", partnerId: "relecloud", name: "Consolidated Messenger", domain: "consolidatedmessenger.com" },
  { id: "vanarsdel", partnerId: "relecloud", name: "VanArsdel, Ltd.", domain: "vanarsdelltd.com" },
  { id: "margies-travel", partnerId: "lamna", name: "Margie's Travel", domain: "margiestravel.com" },
  { id: "humongous-insurance", partnerId: "lamna", name: "Humongous Insurance", domain: "humongousinsurance.com", secondAdmin: true },
];

/** An annual term: `start` through the day before its anniversary (P4's minimum for direct). */
function annual(start: Day): { start: Day; end: Day } {
  return { start, end: addDays(addYears(start, 1), -1) };
}

/**
 * The pools, covering every channel and payment combination P1 allows. Monthly marketplace and
 * PAYG terms roll over (A11): they keep their original start and end at this month's end.
 */
function demoPools(today: Day): PoolRecord[] {
  const d = (n: number): Day => addDays(today, n);
  const month = lastOfMonth(today);
  return [
    // Direct prepaid, started ~5 months ago (P4: a full calendar year).
    { id: "contoso-m365-direct", partnerId: "contoso", service: M365, channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", ...annual(firstOfMonth(addMonths(today, -5))), quantity: 1000, mode: "auto_adjusted" },
    // Two marketplace pools of one service with different terms: merged into one (P9).
    // The APU pool alone covers every assignment of the pair, so none is over capacity when the
    // monthly one reaches its end before renewing.
    { id: "contoso-m365-mkt-apu", partnerId: "contoso", service: M365, channel: "marketplace", paymentModel: "prepaid", paymentOption: "apu", ...annual(d(-240)), quantity: 400, mode: "auto_adjusted" },
    { id: "contoso-m365-mkt-monthly", partnerId: "contoso", service: M365, channel: "marketplace", paymentModel: "prepaid", paymentOption: "monthly", start: firstOfMonth(addMonths(today, -6)), end: month, quantity: 150, mode: "auto_adjusted" },
    // PAYG: direct, monthly, no quantity (P8's decision).
    { id: "contoso-m365-payg", partnerId: "contoso", service: M365, channel: "direct", paymentModel: "payg", paymentOption: "monthly", start: firstOfMonth(addMonths(today, -10)), end: month, mode: "auto_adjusted" },
    { id: "contoso-archiving-payg", partnerId: "contoso", service: "Cloud Archiving", channel: "direct", paymentModel: "payg", paymentOption: "monthly", start: firstOfMonth(addMonths(today, -10)), end: month, mode: "auto_adjusted" },
    // Off-marketplace with a distributor order (P10 can cancel it); ~90% used.
    { id: "contoso-policies-offmkt", partnerId: "contoso", service: POLICIES, channel: "off_marketplace", paymentModel: "prepaid", paymentOption: "annual_upfront", ...annual(d(-300)), quantity: 400, mode: "manual", distributorOrderId: "DO-2025-448213" },
    // APM, 93% utilized; manual, so auto-adjust on a usage import cannot move that figure (P6).
    { id: "contoso-insights-mkt-apm", partnerId: "contoso", service: "Insights for Microsoft 365", channel: "marketplace", paymentModel: "prepaid", paymentOption: "apm", ...annual(d(-150)), quantity: 200, mode: "manual" },
    // Ends in 18 days: its assignments expire with it, and a new one gets less than 31 days (A4).
    { id: "contoso-cense-mkt-apm", partnerId: "contoso", service: "Cense", channel: "marketplace", paymentModel: "prepaid", paymentOption: "apm", start: addDays(addYears(d(18), -1), 1), end: d(18), quantity: 100, mode: "auto_adjusted" },
    // A distributor's order canceled 35 days ago (P10): its assignments ended on that day.
    { id: "contoso-baseline-offmkt", partnerId: "contoso", service: "Baseline Management", channel: "off_marketplace", paymentModel: "prepaid", paymentOption: "annual_upfront", ...annual(d(-220)), quantity: 150, mode: "auto_adjusted", distributorOrderId: "DO-2025-390177", canceledOn: d(-35) },
    // Fly: prepaid and manual only (P3, P6); two marketplace Aviator pools stay separate (P9).
    { id: "contoso-fly-aviator-mkt", partnerId: "contoso", service: "Fly > Aviator", channel: "marketplace", paymentModel: "prepaid", paymentOption: "apu", ...annual(d(-210)), quantity: 120, mode: "manual" },
    { id: "contoso-fly-aviator-mkt-monthly", partnerId: "contoso", service: "Fly > Aviator", channel: "marketplace", paymentModel: "prepaid", paymentOption: "monthly", start: firstOfMonth(addMonths(today, -2)), end: month, quantity: 40, mode: "manual" },
    { id: "contoso-fly-objects-direct", partnerId: "contoso", service: "Fly > Global Objects", channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", ...annual(firstOfMonth(addMonths(today, -3))), quantity: 5000, mode: "manual" },
    // Capacity in GB.
    { id: "contoso-opus-direct", partnerId: "contoso", service: "Opus > Storage Optimization", channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", ...annual(firstOfMonth(addMonths(today, -9))), quantity: 25000, mode: "auto_adjusted" },
    // T2: the LAR's pool, allocated to Relecloud and Lamna.
    { id: "trey-m365-direct", partnerId: "trey-research", service: M365, channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", ...annual(firstOfMonth(addMonths(today, -4))), quantity: 600, mode: "auto_adjusted" },
  ];
}

/**
 * A3: a direct prepaid assignment ends with the contract; any other lasts 31 days, capped at the
 * pool's end, which for merged marketplace pools is the latest end among them (P9).
 */
function defaultExpiry(pool: PoolRecord, assignedOn: Day, pools: PoolRecord[]): Day {
  const last = (p: PoolRecord) => poolLastDay({ end: p.end, canceledOn: p.canceledOn ?? null });
  if (pool.channel === "direct" && pool.paymentModel === "prepaid") return last(pool);
  const merged = isMerged(pool.channel, serviceByName(pool.service))
    ? pools.filter((p) => p.partnerId === pool.partnerId && p.channel === pool.channel && p.service === pool.service)
    : [pool];
  return minDay(addDays(assignedOn, 31), maxDay(...merged.map(last)));
}

const FIRST = ["Ava", "Ben", "Chloe", "Daniel", "Elif", "Farah", "Gabriel", "Hana", "Ivan", "Julia", "Kenji", "Laura", "Marco", "Nadia", "Omar", "Priya", "Rosa", "Samuel", "Tariq", "Uma", "Victor", "Wei", "Yusuf", "Zoe"];
const LAST = ["Adams", "Bianchi", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Walsh"];

/** A tenant owner who is a Service Administrator (C2), sometimes a second one, and two ordinary users. */
function customerUsers(c: CustomerSpec): NonNullable<ImportDocument["customerUsers"]> {
  const next = prng(`users:${c.id}`);
  const taken = new Set<string>();
  const person = () => {
    for (;;) {
      const first = FIRST[between(next, 0, FIRST.length - 1)] ?? "Ava";
      const last = LAST[between(next, 0, LAST.length - 1)] ?? "Adams";
      const upn = `${first}.${last}@${c.domain}`.toLowerCase();
      if (!taken.has(upn)) {
        taken.add(upn);
        return { customerId: c.id, upn, name: `${first} ${last}` };
      }
    }
  };
  return [
    { ...person(), roles: ["Global Administrator", "Service Administrator"], tenantOwner: true },
    ...(c.secondAdmin ? [{ ...person(), roles: ["Service Administrator"] }] : []),
    { ...person(), roles: ["Exchange Administrator"] },
    { ...person(), roles: [] },
  ];
}

type Usage = NonNullable<ImportDocument["usage"]>[number];
type Job = NonNullable<ImportDocument["jobs"]>[number];

/** Services whose data is stored by the vendor: they report storage (R4) and run backup jobs (R3). */
const STORED = (s: CatalogService) => s.unit === "capacity_gb" || s.id.startsWith("cloud-backup") || s.id === "cloud-archiving";
const RUNS_JOBS = (s: CatalogService) => STORED(s) || s.fly;
/** Customers whose measured use has grown past what they are assigned (overage in reports, P6). */
const OVER = new Set(["fabrikam|cloud-backup-for-microsoft-365", "tailspin|cloud-backup-for-microsoft-365", "humongous-insurance|cloud-backup-for-microsoft-365"]);
const USAGE_DAYS = 180;

function serviceByName(name: string): CatalogService {
  const s = CATALOG.find((x) => x.name === name);
  if (!s) throw new Error(`demo: "${name}" is not in the catalog`);
  return s;
}

/** First day an assignment is no longer active: its endedOn, or the day after it expires. */
function activeUntil(x: AssignmentRecord): Day {
  const afterExpiry = addDays(x.expiresOn ?? x.assignedOn, 1);
  return x.endedOn ? minDay(x.endedOn, afterExpiry) : afterExpiry;
}

/**
 * Daily usage and a few backup jobs a week for each customer service, over the last 180 days (or
 * since the service was first assigned), until it stopped being active.
 */
function activity(today: Day, assignments: AssignmentRecord[], pools: PoolRecord[]): { usage: Usage[]; jobs: Job[] } {
  const windowStart = addDays(today, -(USAGE_DAYS - 1));
  const series = new Map<string, { customerId: string; service: CatalogService; list: AssignmentRecord[] }>();
  for (const x of assignments) {
    const service = serviceByName(pools.find((p) => p.id === x.poolId)?.service ?? "");
    const key = `${x.customerId}|${service.id}`;
    const entry = series.get(key) ?? { customerId: x.customerId, service, list: [] };
    entry.list.push(x);
    series.set(key, entry);
  }
  const usage: Usage[] = [];
  const jobs: Job[] = [];
  let seriesIndex = 0;
  for (const [key, { customerId, service, list }] of series) {
    seriesIndex++;
    list.sort((p, q) => (p.assignedOn < q.assignedOn ? -1 : 1));
    const from = maxDay(windowStart, list[0]!.assignedOn);
    const to = minDay(today, addDays(maxDay(...list.map(activeUntil)), -1));
    if (from > to) continue;
    const next = prng(`usage:${key}`);
    const startRatio = 0.86 + next() * 0.08;
    const endRatio = OVER.has(key) ? 1.03 + next() * 0.05 : 0.95 + next() * 0.04;
    const gbPerSeat = 4 + next() * 10;
    const growth = 0.04 + next() * 0.08;
    let wobble = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const quantity = quantityOn(list, day);
      const pos = daysBetween(windowStart, day) / (USAGE_DAYS - 1);
      // A slow random walk around a trend, so the lines drift rather than jump.
      wobble = Math.max(-0.02, Math.min(0.02, wobble + (next() - 0.5) * 0.008));
      const ratio = startRatio + (endRatio - startRatio) * pos + wobble;
      const record: Usage = { customerId, service: service.name, date: day };
      let storageGb: number | undefined;
      if (service.unit === "capacity_gb") {
        storageGb = round1(quantity * (0.78 + 0.14 * pos + wobble));
      } else if (service.unit === "objects") {
        record.objects = Math.max(1, Math.round(quantity * ratio));
      } else {
        record.licensedUsers = Math.max(1, Math.round(quantity * ratio));
        if (STORED(service)) storageGb = round1(quantity * gbPerSeat * (1 + growth * pos) * (1 + wobble / 4));
      }
      if (storageGb !== undefined) record.storageGb = storageGb;
      usage.push(record);
      if (RUNS_JOBS(service)) {
        const job = jobOn(today, day, customerId, service, seriesIndex, storageGb ?? quantity * 2);
        if (job) jobs.push(job);
      }
    }
  }
  return { usage, jobs };
}

/** The quantity in force on a day: the active assignment's, else the latest one before it. */
function quantityOn(list: AssignmentRecord[], day: Day): number {
  let q = list[0]!.quantity;
  for (const x of list) if (x.assignedOn <= day) q = x.quantity;
  return q;
}

/**
 * About three jobs a week. Each job is drawn from its own (customer, service, date) seed and its id
 * from the date, so a job keeps its id and outcome when the demo is built on a later day; only
 * today's jobs are still running.
 */
function jobOn(today: Day, day: Day, customerId: string, service: CatalogService, seriesIndex: number, scaleGb: number): Job | null {
  const next = prng(`job:${customerId}|${service.id}|${day}`);
  if (next() >= 0.43) return null;
  const roll = next();
  const running = day === today;
  const status: Job["status"] = running
    ? "in_progress"
    : roll < 0.84
      ? "succeeded"
      : roll < 0.91
        ? "partially_succeeded"
        : roll < 0.96
          ? "failed"
          : "canceled";
  // Today's jobs start in the small hours (UTC), so they have begun whatever the time of loading.
  const hour = running ? between(next, 0, 1) : between(next, 0, 23);
  const minute = between(next, 0, 59);
  const volume = Math.max(0.05, scaleGb * (0.002 + next() * 0.006));
  const share = { succeeded: 1, partially_succeeded: 0.6, failed: 0.1, canceled: 0, in_progress: 0.4 }[status];
  const n = daysBetween("2020-01-01", day) * 100 + seriesIndex;
  return {
    id: `job-${n}`,
    customerId,
    service: service.name,
    startedAt: `${day}T${pad(hour)}:${pad(minute)}:00Z`,
    status,
    dataGb: Math.round(volume * share * 100) / 100,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
