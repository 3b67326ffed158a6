import { describe, expect, it } from "vitest";
import { assign, cancelOrder } from "../../domain";
import { expiring, sourceCustomers, subscriptionUsage } from "../../domain/queries";
import { makeAllocation, makeAssignment, makeCustomer, makePartner, makePool, mspWorld, testDb } from "../support/factories";
import { value } from "../support/outcomes";
import { adminCtx, CENSE, changeQuantity, eachDay, endAssignment, FLY, POLICIES, queryAt } from "./fixtures/world";

/**
 * One MSP with three marketplace pools of Cense (merged, P9), a direct Cense pool (not merged),
 * two Fly marketplace pools (never merged) and a neighbour MSP holding look-alike pools.
 */
function mergedWorld() {
  const db = testDb();
  const msp = makePartner(db, { name: "Contoso MSP" });
  const other = makePartner(db, { name: "Northwind MSP" });
  const pool = (id: string, over: Parameters<typeof makePool>[2]) => makePool(db, msp.id, { id, ...over });
  pool("mkt-a", { serviceId: CENSE, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 30 });
  pool("mkt-b", { serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-04-01", end: "2026-04-30", quantity: 20 });
  pool("mkt-c", { serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-01-01", end: "2026-03-31", quantity: 50 });
  pool("dir-cense", { serviceId: CENSE, channel: "direct", paymentOption: "annual_upfront", start: "2026-01-01", end: "2026-12-31", quantity: 10 });
  pool("fly-a", { serviceId: FLY, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 20 });
  pool("fly-b", { serviceId: FLY, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 15 });
  // The neighbour's marketplace Cense must not join the merged pool, nor its customers count.
  makePool(db, other.id, { id: "nw-mkt", serviceId: CENSE, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 500 });

  const cust = (name: string, partnerId = msp.id) => makeCustomer(db, partnerId, { name });
  const [adatum, bellows, coho, dunn, eagle] = ["Adatum", "Bellows", "Coho", "Dunn", "Eagle"].map((n) => cust(n));
  makeAssignment(db, { id: "a-adatum", customerId: adatum!.id, poolId: "mkt-a", quantity: 12, assignedOn: "2026-01-15", expiresOn: "2026-12-31" });
  makeAssignment(db, { id: "a-bellows", customerId: bellows!.id, poolId: "mkt-b", quantity: 15, assignedOn: "2026-04-01", expiresOn: "2026-04-30" });
  makeAssignment(db, { id: "a-coho", customerId: coho!.id, poolId: "mkt-c", quantity: 5, assignedOn: "2026-02-01", expiresOn: "2026-03-31" });
  makeAssignment(db, { id: "a-dunn", customerId: dunn!.id, poolId: "mkt-a", quantity: 9, assignedOn: "2026-01-20", expiresOn: "2026-12-31" });
  endAssignment(db, "a-dunn", "2026-04-10", "superseded");
  makeAssignment(db, { id: "a-eagle", customerId: eagle!.id, poolId: "dir-cense", quantity: 4, assignedOn: "2026-02-01", expiresOn: "2026-12-31" });
  const nw = cust("Northwind Client", other.id);
  makeAssignment(db, { customerId: nw.id, poolId: "nw-mkt", quantity: 99, assignedOn: "2026-01-10", expiresOn: "2026-12-31" });
  return { db, msp, other, adatum: adatum!, bellows: bellows!, coho: coho!, dunn: dunn!, eagle: eagle! };
}

describe("subscription usage: merged marketplace pools (R1, P9)", () => {
  it("P9: marketplace pools of one non-Fly service are one row whose capacity is the constituents active today, each term listed", () => {
    const w = mergedWorld();
    const rows = subscriptionUsage(queryAt(w.db, w.msp.id, "2026-04-15"), { serviceId: CENSE });
    expect(rows).toHaveLength(2);
    const merged = rows.find((r) => r.merged)!;
    // Active on 15 April: mkt-a (30) and mkt-b (20); mkt-c ended on 31 March.
    // In use: Adatum 12 (mkt-a) + Bellows 15 (mkt-b); Coho expired, Dunn superseded on the 10th.
    expect(merged).toMatchObject({
      key: `merged:${w.msp.id}:${CENSE}`,
      holderId: w.msp.id,
      viaLar: false,
      paymentModel: "prepaid",
      channels: ["marketplace"],
      start: "2026-01-01",
      end: "2026-12-31",
      quantity: 50,
      assigned: 27,
      consumed: null,
      available: 23,
      customers: 2,
      allocations: [],
    });
    expect(merged.utilization).toBeCloseTo(27 / 50, 10);
    expect([...merged.paymentOptions].sort()).toEqual(["apu", "monthly"]);
    expect(merged.pools.map((p) => [p.id, p.start, p.end, p.quantity, p.activeToday]).sort()).toEqual([
      ["mkt-a", "2026-01-01", "2026-12-31", 30, true],
      ["mkt-b", "2026-04-01", "2026-04-30", 20, true],
      ["mkt-c", "2026-01-01", "2026-03-31", 50, false],
    ]);
    // The direct pool of the same service stays on its own.
    const direct = rows.find((r) => !r.merged)!;
    expect(direct).toMatchObject({ key: "dir-cense", channels: ["direct"], quantity: 10, assigned: 4, available: 6, customers: 1 });
  });

  it("P9: capacity follows the constituents active on each day (a naive day-by-day sum over the terms)", () => {
    const w = mergedWorld();
    const terms = [
      { start: "2026-01-01", end: "2026-12-31", quantity: 30 },
      { start: "2026-04-01", end: "2026-04-30", quantity: 20 },
      { start: "2026-01-01", end: "2026-03-31", quantity: 50 },
    ];
    const days = ["2026-01-01", "2026-03-31", "2026-04-01", "2026-04-30", "2026-05-01", "2026-12-31"];
    for (const day of days) {
      const expected = terms.filter((t) => eachDay(t.start, t.end).includes(day)).reduce((n, t) => n + t.quantity, 0);
      const merged = subscriptionUsage(queryAt(w.db, w.msp.id, day), { serviceId: CENSE }).find((r) => r.merged)!;
      expect({ day, quantity: merged.quantity }).toEqual({ day, quantity: expected });
    }
    // By hand, for the reader: 80 in Q1 (mkt-a + mkt-c), 50 in April (mkt-a + mkt-b), 30 from May.
    const on = (day: string) => subscriptionUsage(queryAt(w.db, w.msp.id, day), { serviceId: CENSE }).find((r) => r.merged)!.quantity;
    expect([on("2026-03-31"), on("2026-04-01"), on("2026-05-01")]).toEqual([80, 50, 30]);
  });

  it("P9: when a constituent ends and what is assigned exceeds what remains, the overage shows (available below zero)", () => {
    const w = mergedWorld();
    // On 1 May only mkt-a (30) is left; Adatum 12 plus a late Bellows extension of 25 would be 37.
    w.db.$client.prepare("update assignments set expires_on = '2026-06-30' where id = 'a-bellows'").run();
    changeQuantity(w.db, "a-bellows", 25, "2026-04-20");
    const merged = subscriptionUsage(queryAt(w.db, w.msp.id, "2026-05-01"), { serviceId: CENSE }).find((r) => r.merged)!;
    expect(merged).toMatchObject({ quantity: 30, assigned: 37, available: -7 });
    expect(merged.utilization).toBeCloseTo(37 / 30, 10);
  });

  it("P9: Fly marketplace pools are never merged: each is its own row", () => {
    const w = mergedWorld();
    const rows = subscriptionUsage(queryAt(w.db, w.msp.id, "2026-04-15"), { serviceId: FLY });
    expect(rows.map((r) => [r.key, r.merged, r.quantity, r.pools.length])).toEqual([
      ["fly-a", false, 20, 1],
      ["fly-b", false, 15, 1],
    ]);
  });

  it("R1: the detail of a merged source lists the customers drawing on it today, from any constituent", () => {
    const w = mergedWorld();
    const q = queryAt(w.db, w.msp.id, "2026-04-15");
    const list = sourceCustomers(q, `merged:${w.msp.id}:${CENSE}`);
    expect(list.map((c) => [c.customerName, c.poolId, c.quantity])).toEqual([
      ["Adatum", "mkt-a", 12],
      ["Bellows", "mkt-b", 15],
    ]);
    // Paged by name.
    expect(sourceCustomers(q, `merged:${w.msp.id}:${CENSE}`, { offset: 1, limit: 5 }).map((c) => c.customerName)).toEqual(["Bellows"]);
    expect(sourceCustomers(q, `merged:${w.msp.id}:${CENSE}`, { limit: 1 }).map((c) => c.customerName)).toEqual(["Adatum"]);
    // A constituent's own id is not a source key: the merged pool is one source (P9).
    expect(sourceCustomers(q, "mkt-a")).toEqual([]);
  });

  it("U2: a partner never sees another partner's pools or customers in R1", () => {
    const w = mergedWorld();
    const mine = subscriptionUsage(queryAt(w.db, w.msp.id, "2026-04-15"));
    expect(mine.flatMap((r) => r.pools.map((p) => p.id))).not.toContain("nw-mkt");
    expect(mine.every((r) => r.holderId === w.msp.id)).toBe(true);
    const theirs = subscriptionUsage(queryAt(w.db, w.other.id, "2026-04-15"));
    expect(theirs.map((r) => [r.key, r.quantity, r.assigned, r.customers])).toEqual([[`merged:${w.other.id}:${CENSE}`, 500, 99, 1]]);
    // Asking for the neighbour's source by key gives nothing.
    expect(sourceCustomers(queryAt(w.db, w.msp.id, "2026-04-15"), `merged:${w.other.id}:${CENSE}`)).toEqual([]);
    expect(sourceCustomers(queryAt(w.db, w.other.id, "2026-04-15"), `merged:${w.msp.id}:${CENSE}`)).toEqual([]);
  });
});

describe("subscription usage: Fly consumption never returns (A9)", () => {
  it("A9: an expired, superseded, disconnected or reduced Fly assignment still counts at its peak", () => {
    const w = mergedWorld();
    const [f1, f2, f3, f4] = ["Fly One", "Fly Two", "Fly Three", "Fly Four"].map((n) => makeCustomer(w.db, w.msp.id, { name: n }));
    // Raised 6 -> 8, then reduced to 4: 8 stays consumed, 4 is assigned.
    makeAssignment(w.db, { id: "fly-1", customerId: f1!.id, poolId: "fly-a", quantity: 6, assignedOn: "2026-01-10", expiresOn: "2026-12-31" });
    changeQuantity(w.db, "fly-1", 8, "2026-02-15");
    changeQuantity(w.db, "fly-1", 4, "2026-03-20");
    // Expired at the end of March.
    makeAssignment(w.db, { customerId: f2!.id, poolId: "fly-a", quantity: 3, assignedOn: "2026-02-01", expiresOn: "2026-03-31" });
    // Superseded by a CMP license, and disconnected.
    makeAssignment(w.db, { id: "fly-3", customerId: f3!.id, poolId: "fly-a", quantity: 2, assignedOn: "2026-02-01", expiresOn: "2026-12-31" });
    endAssignment(w.db, "fly-3", "2026-03-10", "superseded");
    makeAssignment(w.db, { id: "fly-4", customerId: f4!.id, poolId: "fly-a", quantity: 1, assignedOn: "2026-02-01", expiresOn: "2026-12-31" });
    endAssignment(w.db, "fly-4", "2026-03-15", "disconnected");

    const row = subscriptionUsage(queryAt(w.db, w.msp.id, "2026-04-15"), { serviceId: FLY }).find((r) => r.key === "fly-a")!;
    expect(row).toMatchObject({ fly: true, quantity: 20, assigned: 4, consumed: 8 + 3 + 2 + 1, available: 20 - 14, customers: 1 });
    expect(row.utilization).toBeCloseTo(14 / 20, 10);
    // Before the raise the peak so far was 6: consumption is counted from the history as of the day.
    const early = subscriptionUsage(queryAt(w.db, w.msp.id, "2026-02-10"), { serviceId: FLY }).find((r) => r.key === "fly-a")!;
    expect(early.consumed).toBe(6 + 3 + 2 + 1);
    // The other Fly pool is untouched.
    expect(subscriptionUsage(queryAt(w.db, w.msp.id, "2026-04-15"), { serviceId: FLY }).find((r) => r.key === "fly-b")).toMatchObject({ consumed: 0, available: 15 });
  });
});

describe("subscription usage: a canceled distributor order (P10)", () => {
  function canceledWorld() {
    const w = mspWorld("2026-04-15");
    makePool(w.db, w.partner.id, { id: "ord", serviceId: POLICIES, channel: "off_marketplace", paymentOption: "annual_upfront", start: "2026-01-01", end: "2026-12-31", quantity: 40, distributorOrderId: "ORD-1" });
    const [a, b, c] = ["Alpine", "Boreal", "Cirrus"].map((name) => makeCustomer(w.db, w.partner.id, { name }));
    makeAssignment(w.db, { id: "ord-a", customerId: a!.id, poolId: "ord", quantity: 10, assignedOn: "2026-01-05", expiresOn: "2026-12-31" });
    makeAssignment(w.db, { id: "ord-b", customerId: b!.id, poolId: "ord", quantity: 5, assignedOn: "2026-02-05", expiresOn: "2026-05-31" });
    makeAssignment(w.db, { id: "ord-c", customerId: c!.id, poolId: "ord", quantity: 3, assignedOn: "2026-03-05", expiresOn: "2026-04-18" });
    value(cancelOrder(w.ctx(), { poolId: "ord", canceledOn: "2026-04-20" }));
    return w;
  }

  it("P10: the pool's last day is the cancellation date and its assignments are clamped to it", () => {
    const w = canceledWorld();
    const row = subscriptionUsage(queryAt(w.db, w.partner.id, "2026-04-15"))[0]!;
    expect(row).toMatchObject({ key: "ord", start: "2026-01-01", end: "2026-04-20", quantity: 40, assigned: 18, available: 22 });
    expect(row.pools).toEqual([expect.objectContaining({ id: "ord", end: "2026-12-31", lastDay: "2026-04-20", canceledOn: "2026-04-20", activeToday: true })]);
    // The last active day still counts; from the next day nothing is active and nothing is available.
    expect(subscriptionUsage(queryAt(w.db, w.partner.id, "2026-04-20"))[0]).toMatchObject({ quantity: 40, assigned: 15 });
    expect(subscriptionUsage(queryAt(w.db, w.partner.id, "2026-04-21"))[0]).toMatchObject({ quantity: 0, assigned: 0, customers: 0 });
    const detail = sourceCustomers(queryAt(w.db, w.partner.id, "2026-04-15"), "ord");
    expect(detail.map((d) => [d.customerName, d.expiresOn])).toEqual([
      ["Alpine", "2026-04-20"],
      ["Boreal", "2026-04-20"],
      ["Cirrus", "2026-04-18"],
    ]);
  });

  it("P10: the canceled pool and its clamped assignments show in expiring, soonest first", () => {
    const w = canceledWorld();
    const items = expiring(queryAt(w.db, w.partner.id, "2026-04-15"), 7);
    expect(items.map((i) => [i.kind, i.expiresOn, i.daysLeft, i.customerName ?? i.id])).toEqual([
      ["assignment", "2026-04-18", 3, "Cirrus"],
      ["pool", "2026-04-20", 5, "ord"],
      ["assignment", "2026-04-20", 5, "Alpine"],
      ["assignment", "2026-04-20", 5, "Boreal"],
    ]);
    expect(items.find((i) => i.kind === "pool")).toMatchObject({ poolId: "ord", quantity: 40, assigned: 18 });
  });
});

/** A Tier 2 LAR with one pool allocated to two MSPs; one MSP also has a pool of its own. */
function tier2World() {
  const db = testDb();
  const lar = makePartner(db, { name: "Trey Research LAR", kind: "lar", tier2Enabled: true });
  const relecloud = makePartner(db, { name: "Relecloud MSP", larId: lar.id });
  const lamna = makePartner(db, { name: "Lamna MSP", larId: lar.id });
  const idle = makePartner(db, { name: "Idle MSP", larId: lar.id });
  const stranger = makePartner(db, { name: "Stranger MSP" });
  makePool(db, lar.id, { id: "lar-pool", quantity: 100 });
  makeAllocation(db, "lar-pool", relecloud.id, 40);
  makeAllocation(db, "lar-pool", lamna.id, 25);
  makePool(db, relecloud.id, { id: "own-pool", quantity: 50 });
  const c = (partnerId: string, name: string) => makeCustomer(db, partnerId, { name });
  const r1 = c(relecloud.id, "Relecloud Client One");
  const r2 = c(relecloud.id, "Relecloud Client Two");
  const r3 = c(relecloud.id, "Relecloud Client Three");
  const l1 = c(lamna.id, "Lamna Client");
  makeAssignment(db, { customerId: r1.id, poolId: "lar-pool", quantity: 10, assignedOn: "2026-02-01" });
  makeAssignment(db, { id: "r2-ended", customerId: r2.id, poolId: "lar-pool", quantity: 12, assignedOn: "2026-02-01" });
  endAssignment(db, "r2-ended", "2026-03-05", "disconnected");
  makeAssignment(db, { customerId: r3.id, poolId: "own-pool", quantity: 5, assignedOn: "2026-02-01" });
  makeAssignment(db, { customerId: l1.id, poolId: "lar-pool", quantity: 7, assignedOn: "2026-02-15" });
  return { db, lar, relecloud, lamna, idle, stranger };
}

describe("subscription usage: Tier 2 (T2)", () => {
  it("T2: the LAR sees its pool with each MSP's allocation and seats in use", () => {
    const w = tier2World();
    const rows = subscriptionUsage(queryAt(w.db, w.lar.id, "2026-03-10"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: "lar-pool", viaLar: false, holderId: w.lar.id, quantity: 100, assigned: 17, available: 83, customers: 2 });
    expect(rows[0]!.allocations).toEqual([
      { mspId: w.lamna.id, mspName: "Lamna MSP", allocated: 25, inUse: 7 },
      { mspId: w.relecloud.id, mspName: "Relecloud MSP", allocated: 40, inUse: 10 },
    ]);
  });

  it("T2: an MSP sees its LAR's pool measured against its allocation, and only its own customers", () => {
    const w = tier2World();
    const q = queryAt(w.db, w.relecloud.id, "2026-03-10");
    const rows = subscriptionUsage(q);
    expect(rows.map((r) => [r.key, r.viaLar, r.holderId, r.quantity, r.assigned, r.available, r.customers, r.allocations.length])).toEqual(
      expect.arrayContaining([
        ["lar-pool", true, w.lar.id, 40, 10, 30, 1, 0],
        ["own-pool", false, w.relecloud.id, 50, 5, 45, 1, 0],
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(sourceCustomers(q, "lar-pool").map((c) => c.customerName)).toEqual(["Relecloud Client One"]);
    const lamna = queryAt(w.db, w.lamna.id, "2026-03-10");
    expect(subscriptionUsage(lamna).map((r) => [r.key, r.quantity, r.assigned, r.available])).toEqual([["lar-pool", 25, 7, 18]]);
    expect(sourceCustomers(lamna, "lar-pool").map((c) => c.customerName)).toEqual(["Lamna Client"]);
  });

  it("T2/U2: a LAR sees no customer names through sourceCustomers; MSPs without an allocation, or of no LAR, see nothing", () => {
    const w = tier2World();
    expect(sourceCustomers(queryAt(w.db, w.lar.id, "2026-03-10"), "lar-pool")).toEqual([]);
    expect(subscriptionUsage(queryAt(w.db, w.idle.id, "2026-03-10"))).toEqual([]);
    expect(subscriptionUsage(queryAt(w.db, w.stranger.id, "2026-03-10"))).toEqual([]);
    expect(sourceCustomers(queryAt(w.db, w.stranger.id, "2026-03-10"), "lar-pool")).toEqual([]);
    // Lamna never sees Relecloud's own pool.
    expect(sourceCustomers(queryAt(w.db, w.lamna.id, "2026-03-10"), "own-pool")).toEqual([]);
  });

  // P9 + T2 ("capacity is the allocation"): the LAR's figure for an MSP's allocation agrees with the
  // MSP's own row and capacityOn (domain/sources.ts): only constituents active today count.
  it("T2 with P9: the LAR's view of an MSP's allocation of a merged pool counts only constituents active today", () => {
    const w = tier2World();
    makePool(w.db, w.lar.id, { id: "lm-old", serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-01-01", end: "2026-03-31", quantity: 30 });
    makePool(w.db, w.lar.id, { id: "lm-new", serviceId: CENSE, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 50 });
    makeAllocation(w.db, "lm-old", w.relecloud.id, 10);
    makeAllocation(w.db, "lm-new", w.relecloud.id, 20);
    const mspRow = subscriptionUsage(queryAt(w.db, w.relecloud.id, "2026-04-15"), { serviceId: CENSE })[0]!;
    expect(mspRow).toMatchObject({ viaLar: true, quantity: 20 });
    const larRow = subscriptionUsage(queryAt(w.db, w.lar.id, "2026-04-15"), { serviceId: CENSE })[0]!;
    expect(larRow.quantity).toBe(50);
    expect(larRow.allocations).toEqual([{ mspId: w.relecloud.id, mspName: "Relecloud MSP", allocated: 20, inUse: 0 }]);
  });

  // placeAssignment (domain/assignments.ts) records an assignment from a merged pool on the
  // constituent that lasts longest, which may be one the MSP has no allocation of. P9: the assignment
  // belongs to the merged pool as a whole (capacityOn/usedOn count it), so the MSP sees the whole group.
  it("T2 with P9: an MSP's seats drawn from its LAR's merged pool count wherever the assignment was recorded", () => {
    const w = tier2World();
    makePool(w.db, w.lar.id, { id: "lm-long", serviceId: CENSE, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 50 });
    makePool(w.db, w.lar.id, { id: "lm-short", serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-01-01", end: "2026-06-30", quantity: 30 });
    makeAllocation(w.db, "lm-short", w.relecloud.id, 20);
    const client = makeCustomer(w.db, w.relecloud.id, { name: "Relecloud Cense Client" });
    const placed = value(assign(adminCtx(w.db, w.relecloud.id, "2026-03-10"), { customerId: client.id, poolId: "lm-short", quantity: 5 }));
    expect(placed.assignment.poolId).toBe("lm-long");
    const q = queryAt(w.db, w.relecloud.id, "2026-03-10");
    expect(subscriptionUsage(q, { serviceId: CENSE })).toEqual([
      expect.objectContaining({ key: `merged:${w.lar.id}:${CENSE}`, viaLar: true, quantity: 20, assigned: 5, available: 15, customers: 1 }),
    ]);
    expect(sourceCustomers(q, `merged:${w.lar.id}:${CENSE}`).map((c) => c.customerName)).toEqual(["Relecloud Cense Client"]);
    // The LAR counts the same seats as that MSP's use of its allocation.
    const larRow = subscriptionUsage(queryAt(w.db, w.lar.id, "2026-03-10"), { serviceId: CENSE })[0]!;
    expect(larRow).toMatchObject({ quantity: 80, assigned: 5, customers: 1 });
    expect(larRow.allocations).toEqual([{ mspId: w.relecloud.id, mspName: "Relecloud MSP", allocated: 20, inUse: 5 }]);
  });
});
