import { describe, expect, it } from "vitest";
import { cancelOrder } from "../../domain";
import { expiring, type ExpiringItem } from "../../domain/queries";
import { makeAllocation, makeAssignment, makeCustomer, makePartner, makePool, mspWorld } from "../support/factories";
import { value } from "../support/outcomes";
import { CENSE, daysFromTo, endAssignment, FLY, POLICIES, queryAt } from "./fixtures/world";

const TODAY = "2026-03-10";

/** Items around 10 March 2026: yesterday, today, the 7-day boundary and the day after it. */
function expiringWorld() {
  const w = mspWorld(TODAY);
  const pool = (id: string, over: Parameters<typeof makePool>[2]) => makePool(w.db, w.partner.id, { id, ...over });
  pool("m365", {});
  pool("fly-ended", { serviceId: FLY, channel: "marketplace", paymentOption: "monthly", start: "2026-02-09", end: "2026-03-09", quantity: 5 });
  pool("fly-mar15", { serviceId: FLY, channel: "marketplace", paymentOption: "monthly", start: "2026-02-15", end: "2026-03-15", quantity: 10 });
  pool("cense-mar17", { serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-02-18", end: "2026-03-17", quantity: 12 });
  pool("enpower-mar18", { serviceId: "enpower", channel: "marketplace", paymentOption: "monthly", start: "2026-02-19", end: "2026-03-18", quantity: 12 });
  pool("ord", { serviceId: POLICIES, channel: "off_marketplace", paymentOption: "annual_upfront", quantity: 20, distributorOrderId: "ORD-7" });
  const c = (name: string) => makeCustomer(w.db, w.partner.id, { name });
  const a = (name: string, over: Partial<Parameters<typeof makeAssignment>[1]>) => makeAssignment(w.db, { customerId: c(name).id, poolId: "m365", assignedOn: "2026-02-01", ...over });
  a("Yesterday Co", { expiresOn: "2026-03-09" });
  a("Today Co", { expiresOn: "2026-03-10" });
  a("Boundary Co", { expiresOn: "2026-03-17" });
  a("Late Co", { expiresOn: "2026-03-18" });
  const ended = a("Ended Co", { expiresOn: "2026-03-12" });
  endAssignment(w.db, ended.id, "2026-03-05", "switched");
  a("Ord Co", { poolId: "ord", quantity: 6, expiresOn: "2026-12-31" });
  a("Cense Co", { poolId: "cense-mar17", quantity: 4, expiresOn: "2026-03-17", assignedOn: "2026-02-20" });
  value(cancelOrder(w.ctx(), { poolId: "ord", canceledOn: "2026-03-12" }));

  const other = makePartner(w.db, { name: "Northwind MSP" });
  makePool(w.db, other.id, { id: "nw-fly", serviceId: FLY, channel: "marketplace", paymentOption: "monthly", start: "2026-02-12", end: "2026-03-12", quantity: 5 });
  const nw = makeCustomer(w.db, other.id, { name: "Northwind Client" });
  makeAssignment(w.db, { customerId: nw.id, poolId: "nw-fly", quantity: 1, assignedOn: "2026-02-12", expiresOn: "2026-03-11" });
  return { ...w, other };
}

const brief = (i: ExpiringItem) => [i.kind, i.kind === "pool" ? i.id : i.customerName, i.expiresOn, i.daysLeft];

/** Every item of the fixture that could expire, by hand: [kind, name, last active day]. */
const ALL: [string, string, string][] = [
  ["assignment", "Today Co", "2026-03-10"],
  ["pool", "ord", "2026-03-12"],
  ["assignment", "Ord Co", "2026-03-12"],
  ["pool", "fly-mar15", "2026-03-15"],
  ["pool", "MERGED", "2026-03-17"],
  ["assignment", "Boundary Co", "2026-03-17"],
  ["assignment", "Cense Co", "2026-03-17"],
  ["assignment", "Late Co", "2026-03-18"],
  ["pool", "MERGED_ENPOWER", "2026-03-18"],
];

describe("expiring", () => {
  it("A10/P10: lists items within N days, today and day N included, soonest first (the canceled pool among them)", () => {
    const w = expiringWorld();
    const items = expiring(queryAt(w.db, w.partner.id, TODAY), 7);
    const merged = `merged:${w.partner.id}:${CENSE}`;
    expect(items.map(brief)).toEqual([
      ["assignment", "Today Co", "2026-03-10", 0],
      ["pool", "ord", "2026-03-12", 2],
      ["assignment", "Ord Co", "2026-03-12", 2],
      ["pool", "fly-mar15", "2026-03-15", 5],
      ["pool", merged, "2026-03-17", 7],
      ["assignment", "Boundary Co", "2026-03-17", 7],
      ["assignment", "Cense Co", "2026-03-17", 7],
    ]);
    expect(items.find((i) => i.id === merged)).toMatchObject({ poolId: "cense-mar17", quantity: 12, assigned: 4, serviceName: "Cense" });
    expect(items.find((i) => i.id === "ord")).toMatchObject({ quantity: 20, assigned: 6 });
  });

  it("A10: every window from 0 to 10 days holds exactly the items whose last day falls in it", () => {
    const w = expiringWorld();
    const q = queryAt(w.db, w.partner.id, TODAY);
    const rename = (name: string) =>
      name === "MERGED" ? `merged:${w.partner.id}:${CENSE}` : name === "MERGED_ENPOWER" ? `merged:${w.partner.id}:enpower` : name;
    for (let n = 0; n <= 10; n++) {
      const expected = ALL.filter(([, , day]) => daysFromTo(TODAY, day) >= 0 && daysFromTo(TODAY, day) <= n)
        .map(([kind, name, day]) => `${kind}|${rename(name)}|${day}|${daysFromTo(TODAY, day)}`)
        .sort();
      const actual = expiring(q, n)
        .map((i) => `${i.kind}|${i.kind === "pool" ? i.id : i.customerName}|${i.expiresOn}|${i.daysLeft}`)
        .sort();
      expect({ n, actual }).toEqual({ n, actual: expected });
      const days = expiring(q, n).map((i) => i.expiresOn);
      expect(days).toEqual([...days].sort());
    }
  });

  it("U2: another partner's assignments and pools never appear", () => {
    const w = expiringWorld();
    const mine = expiring(queryAt(w.db, w.partner.id, TODAY), 30);
    expect(mine.some((i) => i.id === "nw-fly" || i.customerName === "Northwind Client")).toBe(false);
    expect(expiring(queryAt(w.db, w.other.id, TODAY), 7).map(brief)).toEqual([
      ["assignment", "Northwind Client", "2026-03-11", 1],
      ["pool", "nw-fly", "2026-03-12", 2],
    ]);
  });

  it("T2: an MSP sees its LAR's pool expiring, with its allocation as the quantity; the LAR sees it too", () => {
    const w = expiringWorld();
    const lar = makePartner(w.db, { name: "Trey Research LAR", kind: "lar", tier2Enabled: true });
    const msp = makePartner(w.db, { name: "Relecloud MSP", larId: lar.id });
    makePool(w.db, lar.id, { id: "lar-ord", serviceId: POLICIES, channel: "off_marketplace", start: "2025-03-15", end: "2026-03-14", quantity: 60 });
    makeAllocation(w.db, "lar-ord", msp.id, 15);
    const rc = makeCustomer(w.db, msp.id, { name: "Relecloud Client" });
    makeAssignment(w.db, { customerId: rc.id, poolId: "lar-ord", quantity: 5, assignedOn: "2026-01-01", expiresOn: "2026-03-14" });
    expect(expiring(queryAt(w.db, msp.id, TODAY), 7).map((i) => [i.kind, i.id === "lar-ord" ? "lar-ord" : i.customerName, i.quantity, i.assigned])).toEqual([
      ["pool", "lar-ord", 15, 5],
      ["assignment", "Relecloud Client", 5, null],
    ]);
    // The LAR sees its pool, never the MSP's customer.
    expect(expiring(queryAt(w.db, lar.id, TODAY), 7).map((i) => [i.kind, i.id, i.quantity, i.assigned])).toEqual([["pool", "lar-ord", 60, 5]]);
  });
});
