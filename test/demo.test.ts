import { describe, it, expect } from "vitest";
import { CATALOG, type CatalogService } from "../db/catalog";
import { demoDocument } from "../db/demo/demo";
import { importDocument, type ImportDocument } from "../db/import/document";
import { addDays, daysBetween, type Day } from "../domain/dates";
import { checkPoolTerms, defaultMode } from "../domain/rules/pools";

/*
 * The demo must be a legal data set on whatever day it is loaded. The rule checks below are
 * written out here, independently of the generator, so a mistake in one is not hidden by the other.
 * The days include month ends, a year end, a leap day and the first of a month.
 */
const DAYS = ["2026-11-28", "2027-02-28", "2026-12-31", "2027-01-01", "2028-02-29", "2026-03-01", "2026-07-31"];

const PLAYGROUND_TENANT = "00000000-0000-0000-0000-0000000000001";
const PLAYGROUND_USER = "00000000-0000-0000-0000-0000000000020";

type Pool = NonNullable<ImportDocument["pools"]>[number];
type Assignment = NonNullable<ImportDocument["assignments"]>[number];

function service(name: string): CatalogService {
  const s = CATALOG.find((x) => x.name === name || x.id === name);
  if (!s) throw new Error(`not in the catalog: ${name}`);
  return s;
}

/** P10: a canceled pool's last active day is its cancellation. */
function lastDay(p: Pool): Day {
  return p.canceledOn && p.canceledOn < p.end ? p.canceledOn : p.end;
}

/** P9: marketplace pools of one non-Fly service held by one partner are one pool. */
function mergeKey(p: Pool): string {
  const s = service(p.service);
  return p.channel === "marketplace" && !s.fly ? `${p.partnerId}|${s.id}` : p.id;
}

/** An assignment is active from assignedOn through expiresOn, and not from its endedOn. */
function lastActive(a: Assignment): Day {
  const expires = a.expiresOn ?? a.assignedOn;
  return a.endedOn && addDays(a.endedOn, -1) < expires ? addDays(a.endedOn, -1) : expires;
}

function isActive(a: Assignment, day: Day): boolean {
  return a.assignedOn <= day && day <= lastActive(a);
}

function days(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function index<T extends { id: string }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((x) => [x.id, x]));
}

describe.each(DAYS)("demo data built on %s", (today) => {
  const doc = demoDocument(today);
  const partners = index(doc.partners);
  const customers = index(doc.customers);
  const pools = index(doc.pools);
  const assignments = doc.assignments ?? [];
  const poolOf = (a: Assignment): Pool => pools.get(a.poolId)!;
  const serviceOf = (a: Assignment): CatalogService => service(poolOf(a).service);

  it("parses with the import schema", () => {
    const parsed = importDocument.safeParse(doc);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it("is deterministic, and its ids do not depend on the day", () => {
    expect(JSON.stringify(demoDocument(today))).toBe(JSON.stringify(doc));
    const other = demoDocument(addDays(today, 40));
    expect(other.customers?.map((c) => [c.id, c.m365TenantId])).toEqual(doc.customers?.map((c) => [c.id, c.m365TenantId]));
    expect(other.pools?.map((p) => p.id)).toEqual(doc.pools?.map((p) => p.id));
  });

  it("stays under 3 MB of JSON", () => {
    expect(JSON.stringify(doc).length).toBeLessThan(3_000_000);
  });

  it("P1-P4, P6: every pool passes checkPoolTerms", () => {
    for (const p of doc.pools ?? []) {
      const s = service(p.service);
      const terms = { ...p, quantity: p.quantity ?? null, mode: p.mode ?? defaultMode(s) };
      expect({ pool: p.id, problems: checkPoolTerms(terms, s) }).toEqual({ pool: p.id, problems: [] });
    }
  });

  it("P1: covers every channel and payment combination, with a PAYG pool that has no quantity", () => {
    const combos = new Set((doc.pools ?? []).map((p) => `${p.channel}/${p.paymentModel}/${p.paymentOption}`));
    for (const combo of [
      "direct/prepaid/annual_upfront",
      "off_marketplace/prepaid/annual_upfront",
      "marketplace/prepaid/monthly",
      "marketplace/prepaid/apm",
      "marketplace/prepaid/apu",
      "direct/payg/monthly",
    ]) {
      expect(combos).toContain(combo);
    }
    const payg = (doc.pools ?? []).filter((p) => p.paymentModel === "payg");
    expect(payg.length).toBeGreaterThan(0);
    for (const p of payg) expect(p.quantity).toBeUndefined();
  });

  it("P4: a direct prepaid pool started about five months ago runs a full year", () => {
    const p = pools.get("contoso-m365-direct")!;
    expect(daysBetween(p.start, today)).toBeGreaterThanOrEqual(120);
    expect(daysBetween(p.start, today)).toBeLessThanOrEqual(190);
    expect(daysBetween(p.start, p.end)).toBeGreaterThanOrEqual(364);
  });

  it("P9: two marketplace pools of one non-Fly service, with different terms, are held by one partner", () => {
    const groups = new Map<string, Pool[]>();
    for (const p of doc.pools ?? []) {
      if (p.channel !== "marketplace" || service(p.service).fly) continue;
      const key = `${p.partnerId}|${service(p.service).id}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const merged = [...groups.values()].filter((g) => g.length >= 2);
    expect(merged.length).toBeGreaterThan(0);
    const [a, b] = merged[0]!;
    expect(a!.start !== b!.start || a!.end !== b!.end).toBe(true);
    // Both take part today, and both have assignments.
    for (const p of merged[0]!) {
      expect(p.start <= today && today <= lastDay(p)).toBe(true);
      expect(assignments.some((x) => x.poolId === p.id)).toBe(true);
    }
  });

  it("P3, P6: both Fly services have prepaid pools in manual mode", () => {
    const fly = (doc.pools ?? []).filter((p) => service(p.service).fly);
    expect(new Set(fly.map((p) => service(p.service).name))).toEqual(new Set(["Fly > Aviator", "Fly > Global Objects"]));
    for (const p of fly) {
      expect(p.paymentModel).toBe("prepaid");
      expect(p.mode).toBe("manual");
    }
  });

  it("P2: only distribution services come from marketplace or off-marketplace", () => {
    for (const p of doc.pools ?? []) if (p.channel !== "direct") expect(service(p.service).distribution).toBe(true);
  });

  it("shows a pool ending within 20 days, one at least 90% used, and distributor orders", () => {
    const live = (doc.pools ?? []).filter((p) => p.start <= today && today <= lastDay(p));
    expect(live.some((p) => daysBetween(today, lastDay(p)) <= 20 && assignments.some((a) => a.poolId === p.id && isActive(a, today)))).toBe(true);
    const used = (p: Pool) => assignments.filter((a) => a.poolId === p.id && isActive(a, today)).reduce((n, a) => n + a.quantity, 0);
    expect(live.some((p) => p.quantity && !service(p.service).fly && used(p) >= 0.9 * p.quantity && used(p) <= p.quantity)).toBe(true);
    expect(live.some((p) => p.channel === "off_marketplace" && p.distributorOrderId && !p.canceledOn)).toBe(true);
  });

  it("the Agents Playground identity is an administrator of Contoso MSP", () => {
    const contoso = partners.get("contoso")!;
    expect(contoso).toMatchObject({ name: "Contoso MSP", kind: "msp", teamsTenantId: PLAYGROUND_TENANT });
    const users = (doc.partnerUsers ?? []).filter((u) => u.partnerId === "contoso");
    expect(users).toContainEqual({ partnerId: "contoso", aadObjectId: PLAYGROUND_USER, name: "Alex Wilber", role: "administrator" });
    expect(users.filter((u) => u.role === "administrator").length).toBeGreaterThanOrEqual(2);
    expect(users.some((u) => u.role === "viewer")).toBe(true);
  });

  it("partners and users are unique by their Teams identities", () => {
    const tenants = (doc.partners ?? []).map((p) => p.teamsTenantId);
    expect(new Set(tenants).size).toBe(tenants.length);
    const users = (doc.partnerUsers ?? []).map((u) => `${u.partnerId}|${u.aadObjectId}`);
    expect(new Set(users).size).toBe(users.length);
    for (const p of doc.partners ?? []) {
      expect((doc.partnerUsers ?? []).some((u) => u.partnerId === p.id && u.role === "administrator")).toBe(true);
    }
  });

  it("T1, T2: a Tier 2 LAR holds a pool allocated to two MSPs within its quantity", () => {
    const lar = (doc.partners ?? []).find((p) => p.kind === "lar")!;
    expect(lar).toMatchObject({ name: "Trey Research LAR", tier2Enabled: true });
    const msps = (doc.partners ?? []).filter((p) => p.larId === lar.id);
    expect(msps.map((p) => p.name).sort()).toEqual(["Lamna MSP", "Relecloud MSP"]);
    for (const m of msps) expect(m.kind).toBe("msp");
    const larPools = (doc.pools ?? []).filter((p) => p.partnerId === lar.id);
    expect(larPools.length).toBeGreaterThan(0);
    for (const p of larPools) {
      const allocs = (doc.allocations ?? []).filter((a) => a.poolId === p.id);
      expect(new Set(allocs.map((a) => a.partnerId))).toEqual(new Set(msps.map((m) => m.id)));
      expect(allocs.reduce((n, a) => n + a.quantity, 0)).toBeLessThanOrEqual(p.quantity!);
    }
    for (const m of msps) {
      const own = (doc.customers ?? []).filter((c) => c.partnerId === m.id);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(assignments.some((a) => own.some((c) => c.id === a.customerId) && poolOf(a).partnerId === lar.id)).toBe(true);
    }
  });

  it("C1, C2: a dozen Contoso customers, each with a unique tenant and a Service Administrator as tenant owner", () => {
    const contoso = (doc.customers ?? []).filter((c) => c.partnerId === "contoso");
    expect(contoso.length).toBeGreaterThanOrEqual(10);
    for (const n of ["Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys", "Woodgrove Bank", "Litware", "Proseware", "Wide World Importers", "Alpine Ski House", "Coho Winery"]) {
      expect(contoso.some((c) => c.name.startsWith(n))).toBe(true);
    }
    const tenants = (doc.customers ?? []).map((c) => c.m365TenantId);
    expect(new Set(tenants).size).toBe(tenants.length);
    const users = doc.customerUsers ?? [];
    for (const c of doc.customers ?? []) {
      expect(c.onboardedOn <= today).toBe(true);
      const own = users.filter((u) => u.customerId === c.id);
      const owners = own.filter((u) => u.tenantOwner);
      expect(owners.length).toBe(1);
      expect(owners[0]!.roles).toContain("Service Administrator");
      expect(new Set(own.map((u) => u.upn)).size).toBe(own.length);
    }
    const withTwoAdmins = (doc.customers ?? []).filter((c) => users.filter((u) => u.customerId === c.id && u.roles.includes("Service Administrator")).length >= 2);
    expect(withTwoAdmins.length).toBeGreaterThanOrEqual(2);
    expect((doc.customers ?? []).filter((c) => c.status === "disconnected").length).toBe(1);
  });

  it("every record references ids that exist, and a customer draws only on its partner's pools or its LAR's allocation", () => {
    const allocated = new Set((doc.allocations ?? []).map((a) => `${a.poolId}|${a.partnerId}`));
    const problems: string[] = [];
    for (const u of doc.partnerUsers ?? []) if (!partners.has(u.partnerId)) problems.push(`partnerUser ${u.aadObjectId}`);
    for (const p of doc.partners ?? []) if (p.larId && partners.get(p.larId)?.kind !== "lar") problems.push(`partner ${p.id} larId`);
    for (const c of doc.customers ?? []) if (partners.get(c.partnerId)?.kind !== "msp") problems.push(`customer ${c.id}`);
    for (const u of doc.customerUsers ?? []) if (!customers.has(u.customerId)) problems.push(`customerUser ${u.upn}`);
    for (const p of doc.pools ?? []) if (!partners.has(p.partnerId)) problems.push(`pool ${p.id}`);
    for (const a of doc.allocations ?? []) {
      if (!pools.has(a.poolId) || partners.get(a.partnerId)?.larId !== pools.get(a.poolId)?.partnerId) problems.push(`allocation ${a.poolId}/${a.partnerId}`);
    }
    const ids = assignments.map((a) => a.id);
    if (new Set(ids).size !== ids.length) problems.push("duplicate assignment ids");
    for (const a of assignments) {
      const c = customers.get(a.customerId);
      const p = pools.get(a.poolId);
      if (!c || !p) {
        problems.push(`assignment ${a.id}`);
        continue;
      }
      const mine = p.partnerId === c.partnerId;
      const viaLar = partners.get(c.partnerId)?.larId === p.partnerId && allocated.has(`${p.id}|${c.partnerId}`);
      if (!mine && !viaLar) problems.push(`assignment ${a.id}: pool of another partner`);
      if (c.onboardedOn > a.assignedOn) problems.push(`assignment ${a.id}: before onboarding`);
    }
    for (const r of [...(doc.licenses ?? []), ...(doc.usage ?? []), ...(doc.jobs ?? [])]) {
      if (!customers.has(r.customerId)) problems.push(`record for ${r.customerId}`);
      service(r.service);
    }
    expect(problems).toEqual([]);
  });

  it("P7, P9, A3, A4, P10: every assignment lies within its pool's term, with a legal expiration", () => {
    const problems: string[] = [];
    for (const a of assignments) {
      const p = poolOf(a);
      // P9: drawn while its own pool is active, bounded by the latest end of the merged pool.
      const last = (doc.pools ?? []).filter((q) => mergeKey(q) === mergeKey(p)).map(lastDay).sort().at(-1)!;
      const e = a.expiresOn!;
      if (a.assignedOn < p.start || a.assignedOn > lastDay(p)) problems.push(`${a.id}: assigned outside the term`);
      if (a.assignedOn > today) problems.push(`${a.id}: assigned in the future`);
      if (e > last) problems.push(`${a.id}: expires after the pool`);
      // At least 31 days, unless the pool's last day comes sooner (A4; P10 for a cancellation).
      const earliest = addDays(a.assignedOn, 31) < last ? addDays(a.assignedOn, 31) : last;
      if (e < earliest) problems.push(`${a.id}: expires before ${earliest}`);
      if (p.channel === "direct" && p.paymentModel === "prepaid" && e !== last) problems.push(`${a.id}: A3 direct prepaid ends with the pool`);
      if (a.endedOn && (a.endedOn <= a.assignedOn || a.endedOn > addDays(e, 1) || a.endedOn > today)) problems.push(`${a.id}: endedOn`);
    }
    expect(problems).toEqual([]);
  });

  it("A1, A2: one active source per customer and service, one payment model per customer, on every day", () => {
    const problems: string[] = [];
    for (const a of assignments) {
      for (const day of days(a.assignedOn, lastActive(a))) {
        const others = assignments.filter((b) => b !== a && b.customerId === a.customerId && isActive(b, day));
        if (others.some((b) => serviceOf(b).id === serviceOf(a).id)) problems.push(`A1 ${a.id} on ${day}`);
        if (others.some((b) => poolOf(b).paymentModel !== poolOf(a).paymentModel)) problems.push(`A2 ${a.id} on ${day}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("P8, P9, A9, T2: no prepaid pool, merged pool or allocation is over capacity on any day", () => {
    const problems: string[] = [];
    // P9: a merged pool's capacity on a day is the sum of its constituents active that day.
    const groups = new Map<string, Pool[]>();
    for (const p of doc.pools ?? []) {
      if (p.paymentModel !== "prepaid") continue;
      groups.set(mergeKey(p), [...(groups.get(mergeKey(p)) ?? []), p]);
    }
    for (const [key, group] of groups) {
      const ids = new Set(group.map((p) => p.id));
      const fly = service(group[0]!.service).fly;
      const from = group.map((p) => p.start).sort()[0]!;
      const to = group.map(lastDay).sort().at(-1)!;
      const drawn = assignments.filter((a) => ids.has(a.poolId));
      for (const day of days(from, to)) {
        const capacity = group.filter((p) => p.start <= day && day <= lastDay(p)).reduce((n, p) => n + p.quantity!, 0);
        // A9: Fly seats once assigned stay consumed.
        const used = drawn.filter((a) => (fly ? a.assignedOn <= day : isActive(a, day))).reduce((n, a) => n + a.quantity, 0);
        if (used > capacity) problems.push(`${key} on ${day}: ${used} > ${capacity}`);
      }
    }
    for (const alloc of doc.allocations ?? []) {
      const drawn = assignments.filter((a) => a.poolId === alloc.poolId && customers.get(a.customerId)?.partnerId === alloc.partnerId);
      const p = pools.get(alloc.poolId)!;
      for (const day of days(p.start, lastDay(p))) {
        const used = drawn.filter((a) => isActive(a, day)).reduce((n, a) => n + a.quantity, 0);
        if (used > alloc.quantity) problems.push(`allocation ${alloc.partnerId} on ${day}: ${used} > ${alloc.quantity}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("A6, A7: ended assignments ended after their first 31 days; a disconnected customer's all ended that day", () => {
    for (const a of assignments.filter((x) => x.endedOn)) {
      expect(a.endedOn! >= addDays(a.assignedOn, 31)).toBe(true);
    }
    const gone = (doc.customers ?? []).find((c) => c.status === "disconnected")!;
    const own = assignments.filter((a) => a.customerId === gone.id);
    expect(own.length).toBeGreaterThan(0);
    const ended = new Set(own.map((a) => a.endedOn));
    expect(ended.size).toBe(1);
    expect([...ended][0]! < today).toBe(true);
    // A7: a switch is an ended assignment followed the same day by another source of that service.
    expect(
      assignments.some((a) => a.endedOn && customers.get(a.customerId)?.status !== "disconnected" && assignments.some((b) => b.customerId === a.customerId && b.assignedOn === a.endedOn && serviceOf(b).id === serviceOf(a).id && b.poolId !== a.poolId)),
    ).toBe(true);
  });

  it("A5, A6, A10: shows assignments inside and outside the 31-day window, expiring soon, and expired", () => {
    const active = assignments.filter((a) => isActive(a, today));
    const locked = (a: Assignment) => today < addDays(a.assignedOn, 31);
    expect(active.some(locked)).toBe(true);
    expect(active.some((a) => !locked(a))).toBe(true);
    const left = (a: Assignment) => daysBetween(today, a.expiresOn!);
    expect(active.some((a) => left(a) <= 1)).toBe(true);
    expect(active.some((a) => left(a) > 1 && left(a) <= 7)).toBe(true);
    expect(active.some((a) => left(a) > 7 && left(a) <= 30)).toBe(true);
    expect(assignments.some((a) => !a.endedOn && a.expiresOn! < today)).toBe(true);
  });

  it("A8: CMP and Enterprise licenses never overlap an active pooled assignment of the same service", () => {
    const licenses = doc.licenses ?? [];
    expect(new Set(licenses.map((l) => l.type))).toEqual(new Set(["cmp", "enterprise"]));
    for (const l of licenses) {
      expect(l.start <= today && today <= l.end).toBe(true);
      const pooled = assignments.filter((a) => a.customerId === l.customerId && serviceOf(a).id === service(l.service).id);
      for (const a of pooled) expect(lastActive(a) < l.start || a.assignedOn > l.end).toBe(true);
    }
  });

  it("usage covers 180 days of each connected customer's active services, with storage for every customer", () => {
    const usage = doc.usage ?? [];
    const keys = usage.map((u) => `${u.customerId}|${service(u.service).id}|${u.date}`);
    expect(new Set(keys).size).toBe(keys.length);
    const oldest = addDays(today, -179);
    for (const u of usage) expect(oldest <= u.date && u.date <= today).toBe(true);
    const connected = (doc.customers ?? []).filter((c) => c.status !== "disconnected");
    for (const c of connected) {
      for (const a of assignments.filter((x) => x.customerId === c.id && isActive(x, today))) {
        const s = serviceOf(a);
        const dates = new Set(usage.filter((u) => u.customerId === c.id && service(u.service).id === s.id).map((u) => u.date));
        const since = a.assignedOn > oldest ? a.assignedOn : oldest;
        expect(dates.size).toBeGreaterThanOrEqual(daysBetween(since, today) + 1);
        const latest = usage.find((u) => u.customerId === c.id && service(u.service).id === s.id && u.date === today)!;
        const measured = s.unit === "objects" ? latest.objects : s.unit === "capacity_gb" ? latest.storageGb : latest.licensedUsers;
        expect(measured).toBeGreaterThan(0);
      }
      expect(usage.some((u) => u.customerId === c.id && u.date === today && (u.storageGb ?? 0) > 0)).toBe(true);
    }
    // Some customers use more seats than they are assigned (overage in reports).
    const over = assignments.filter((a) => isActive(a, today) && serviceOf(a).unit === "user_seats" && usage.some((u) => u.customerId === a.customerId && service(u.service).id === serviceOf(a).id && u.date === today && (u.licensedUsers ?? 0) > a.quantity));
    expect(over.length).toBeGreaterThanOrEqual(2);
    expect(usage.some((u) => u.customerId === "fourth-coffee")).toBe(false);
  });

  it("jobs: 180 days of mostly successful backups, running ones only in the last day", () => {
    const jobs = doc.jobs ?? [];
    const ids = jobs.map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^job-\d+$/);
    const statuses = new Set(jobs.map((j) => j.status));
    expect(statuses).toEqual(new Set(["succeeded", "failed", "partially_succeeded", "canceled", "in_progress"]));
    expect(jobs.filter((j) => j.status === "succeeded").length / jobs.length).toBeGreaterThan(0.7);
    const yesterday = addDays(today, -1);
    for (const j of jobs) {
      const day = j.startedAt.slice(0, 10);
      expect(addDays(today, -179) <= day && day <= today).toBe(true);
      if (j.status === "in_progress") expect(day >= yesterday).toBe(true);
      expect(j.dataGb).toBeGreaterThanOrEqual(0);
    }
    // A few a week per customer service: between 1 and 6 a week on average.
    const perWeek = jobs.length / new Set(jobs.map((j) => `${j.customerId}|${j.service}`)).size / (180 / 7);
    expect(perWeek).toBeGreaterThan(1);
    expect(perWeek).toBeLessThan(6);
  });
});
