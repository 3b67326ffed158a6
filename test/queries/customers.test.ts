import { describe, expect, it } from "vitest";
import { applyLicense, assign, cancelOrder, changeSeats, changeTenantOwner, extend, onboard } from "../../domain";
import { customerDetail, customerHistory, listCustomers } from "../../domain/queries";
import { makeAssignment, makeCustomer, makeCustomerUser, makeLicense, makePartner, makePool, mspWorld } from "../support/factories";
import { value } from "../support/outcomes";
import { adminCtx, CENSE, daysFromTo, M365, queryAt } from "./fixtures/world";

const ARCHIVING = "cloud-archiving";

/**
 * Fabrikam is onboarded on 1 March 2026 through the domain with Cense from a merged marketplace pool
 * and Microsoft 365 from a direct prepaid pool; then seats, tenant owner and a license change. A
 * second customer and a neighbour partner act alongside.
 */
function customerWorld() {
  const w = mspWorld("2026-03-01");
  makePool(w.db, w.partner.id, { id: "mkt-cense", serviceId: CENSE, channel: "marketplace", paymentOption: "apu", start: "2026-01-01", end: "2026-12-31", quantity: 50 });
  makePool(w.db, w.partner.id, { id: "mkt-cense-march", serviceId: CENSE, channel: "marketplace", paymentOption: "monthly", start: "2026-03-01", end: "2026-03-31", quantity: 10 });
  makePool(w.db, w.partner.id, { id: "dir-m365", serviceId: M365, start: "2026-01-01", end: "2026-12-31", quantity: 100 });
  const fab = value(
    onboard(w.ctx("2026-03-01"), {
      name: "Fabrikam",
      m365TenantId: "tenant-fabrikam",
      services: [
        { poolId: "mkt-cense-march", quantity: 4 },
        { poolId: "dir-m365", quantity: 20 },
      ],
      tenantOwner: { upn: "olivia@fabrikam.example", name: "Olivia Owner" },
    }),
  ).customer;
  const bravo = value(onboard(w.ctx("2026-03-02"), { name: "Bravo", m365TenantId: "tenant-bravo", services: [] })).customer;
  value(changeSeats(w.ctx("2026-03-05"), { customerId: fab.id, serviceId: M365, quantity: 25 }));
  makeCustomerUser(w.db, fab.id, ["Service Administrator"], false, "sam@fabrikam.example");
  makeCustomerUser(w.db, fab.id, ["Reader"], false, "rita@fabrikam.example");
  value(changeTenantOwner(w.ctx("2026-03-06"), { customerId: fab.id, upn: "sam@fabrikam.example" }));
  value(applyLicense(w.ctx("2026-03-07"), { customerId: fab.id, serviceId: ARCHIVING, type: "enterprise", end: "2026-09-30" }));
  makeLicense(w.db, fab.id, "insights-for-microsoft-365", "cmp", "2026-01-01", "2026-02-28");
  // Something done to Bravo between Fabrikam's changes must not show in Fabrikam's history.
  makeCustomerUser(w.db, bravo.id, ["Service Administrator"], false, "bob@bravo.example");
  value(changeTenantOwner(w.ctx("2026-03-08"), { customerId: bravo.id, upn: "bob@bravo.example" }));

  const other = makePartner(w.db, { name: "Northwind MSP" });
  makePool(w.db, other.id, { id: "nw-m365", quantity: 10 });
  const nw = value(onboard(adminCtx(w.db, other.id, "2026-03-03"), { name: "Northwind Client", m365TenantId: "tenant-nw", services: [{ poolId: "nw-m365", quantity: 2 }] })).customer;
  return { ...w, fab, bravo, other, nw };
}

describe("customer detail", () => {
  it("C1/P9/A3: services with their source, quantities, expirations and the 31-day lock; licenses; tenant owner", () => {
    const w = customerWorld();
    const d = customerDetail(queryAt(w.db, w.partner.id, "2026-03-10"), w.fab.id)!;
    expect(d).toMatchObject({
      id: w.fab.id,
      name: "Fabrikam",
      status: "connected",
      m365TenantId: "tenant-fabrikam",
      onboardedOn: "2026-03-01",
      disconnectedOn: null,
      paymentModel: "prepaid",
      tenantOwner: { upn: "sam@fabrikam.example", name: "sam" },
      recentlyEnded: [],
      // A6: 1 March + 31 days.
      disconnectFrom: "2026-04-01",
    });
    expect(d.serviceAdministrators.map((u) => u.upn).sort()).toEqual(["olivia@fabrikam.example", "sam@fabrikam.example"]);
    expect(d.services.map((s) => ({ ...s, assignmentId: undefined }))).toEqual([
      {
        assignmentId: undefined,
        serviceId: CENSE,
        serviceName: "Cense",
        unit: "user_seats",
        // P9: drawn from the merged pool as a whole; recorded on the constituent that lasts longest.
        poolId: "mkt-cense",
        sourceKey: `merged:${w.partner.id}:${CENSE}`,
        channel: "marketplace",
        paymentModel: "prepaid",
        paymentOption: "apu",
        quantity: 4,
        assignedOn: "2026-03-01",
        // A3: 31 days from the assignment for a marketplace source.
        expiresOn: "2026-04-01",
        daysLeft: 22,
        lockedUntil: "2026-04-01",
        poolLastDay: "2026-12-31",
      },
      {
        assignmentId: undefined,
        serviceId: M365,
        serviceName: "Cloud Backup for Microsoft 365",
        unit: "user_seats",
        poolId: "dir-m365",
        sourceKey: "dir-m365",
        channel: "direct",
        paymentModel: "prepaid",
        paymentOption: "annual_upfront",
        quantity: 25,
        assignedOn: "2026-03-01",
        // A3's decision: a direct prepaid assignment ends with the contract.
        expiresOn: "2026-12-31",
        daysLeft: daysFromTo("2026-03-10", "2026-12-31"),
        lockedUntil: "2026-04-01",
        poolLastDay: "2026-12-31",
      },
    ]);
    // The CMP license that ended in February is gone; the Enterprise one applied on 7 March stays.
    expect(d.licenses).toEqual([{ serviceId: ARCHIVING, serviceName: "Cloud Archiving", type: "enterprise", start: "2026-03-07", end: "2026-09-30" }]);
  });

  it("A5/A6: lockedUntil is shown only while ahead; an expired service moves to recently ended", () => {
    const w = customerWorld();
    const onLockDay = customerDetail(queryAt(w.db, w.partner.id, "2026-04-01"), w.fab.id)!;
    expect(onLockDay.services.map((s) => [s.serviceId, s.lockedUntil, s.daysLeft])).toEqual([
      [CENSE, null, 0],
      [M365, null, 274],
    ]);
    expect(onLockDay.disconnectFrom).toBeNull();
    const after = customerDetail(queryAt(w.db, w.partner.id, "2026-04-02"), w.fab.id)!;
    expect(after.services.map((s) => s.serviceId)).toEqual([M365]);
    expect(after.recentlyEnded).toEqual([{ serviceName: "Cense", poolId: "mkt-cense", lastDay: "2026-04-01", reason: "expired" }]);
  });

  it("P10: an assignment cut short by a canceled distributor order is recently ended for that reason", () => {
    const w = mspWorld("2026-03-01");
    makePool(w.db, w.partner.id, { id: "off-m365", serviceId: M365, channel: "off_marketplace", start: "2026-01-01", end: "2026-12-31", quantity: 20, distributorOrderId: "o-1" });
    const c = makeCustomer(w.db, w.partner.id, { name: "Tailspin Toys" });
    value(assign(w.ctx("2026-03-01"), { customerId: c.id, poolId: "off-m365", quantity: 5, expiresOn: "2026-09-30" }));
    value(cancelOrder(w.ctx("2026-03-10"), { poolId: "off-m365", canceledOn: "2026-04-15" }));
    const d = customerDetail(queryAt(w.db, w.partner.id, "2026-04-20"), c.id)!;
    expect(d.services).toEqual([]);
    expect(d.recentlyEnded).toEqual([{ serviceName: "Cloud Backup for Microsoft 365", poolId: "off-m365", lastDay: "2026-04-15", reason: "order_canceled" }]);
  });

  // A license applied with a future start sets a future endedOn (applyLicense), and a later `extend`
  // can bring the expiry before it: the assignment expires first (Conventions, A10), so its last day
  // is min(expiresOn, endedOn - 1) and the reason "expired".
  it("A10/A8: an assignment that expired before its scheduled supersede is recently ended on its expiry day", () => {
    const w = mspWorld("2026-03-01");
    makePool(w.db, w.partner.id, { id: "dir", start: "2026-01-01", end: "2026-12-31", quantity: 100 });
    const c = makeCustomer(w.db, w.partner.id, { name: "Fourth Coffee" });
    value(assign(w.ctx("2026-03-01"), { customerId: c.id, poolId: "dir", quantity: 5 }));
    value(applyLicense(w.ctx("2026-04-05"), { customerId: c.id, serviceId: M365, type: "cmp", start: "2026-06-01", end: "2026-12-31" }));
    value(extend(w.ctx("2026-04-05"), { customerId: c.id, serviceId: M365, expiresOn: "2026-05-15" }));
    const expected = [{ serviceName: "Cloud Backup for Microsoft 365", poolId: "dir", lastDay: "2026-05-15", reason: "expired" }];
    for (const day of ["2026-05-20", "2026-06-10"]) {
      const d = customerDetail(queryAt(w.db, w.partner.id, day), c.id)!;
      expect({ day, services: d.services, recentlyEnded: d.recentlyEnded }).toEqual({ day, services: [], recentlyEnded: expected });
    }
  });

  it("U2: another partner's customer has no detail", () => {
    const w = customerWorld();
    expect(customerDetail(queryAt(w.db, w.partner.id, "2026-03-10"), w.nw.id)).toBeNull();
    expect(customerDetail(queryAt(w.db, w.other.id, "2026-03-10"), w.fab.id)).toBeNull();
    expect(customerDetail(queryAt(w.db, w.other.id, "2026-03-10"), w.nw.id)?.name).toBe("Northwind Client");
  });
});

describe("customer history", () => {
  it("C1, C2, A5, A8: audit rows of the verbs run on the customer (onboard, seats, owner, license), newest first, with who and when", () => {
    const w = customerWorld();
    const h = customerHistory(queryAt(w.db, w.partner.id, "2026-03-10"), w.fab.id);
    expect(h.map((e) => [e.action, e.entityType, e.at, e.actorName])).toEqual([
      ["license", "license", "2026-03-07T12:00:00.000Z", "Alex Wilber"],
      ["owner", "customer", "2026-03-06T12:00:00.000Z", "Alex Wilber"],
      ["seats", "assignment", "2026-03-05T12:00:00.000Z", "Alex Wilber"],
      ["onboard", "customer", "2026-03-01T12:00:00.000Z", "Alex Wilber"],
    ]);
    expect(h[1]).toMatchObject({ before: { tenantOwner: "olivia@fabrikam.example" }, after: { tenantOwner: "sam@fabrikam.example" } });
    expect(h[2]).toMatchObject({ before: { quantity: 20 }, after: { quantity: 25 } });
    expect(customerHistory(queryAt(w.db, w.partner.id, "2026-03-10"), w.fab.id, 2).map((e) => e.action)).toEqual(["license", "owner"]);
  });

  it("U2: never another partner's customer, in either direction", () => {
    const w = customerWorld();
    expect(customerHistory(queryAt(w.db, w.partner.id, "2026-03-10"), w.nw.id)).toEqual([]);
    expect(customerHistory(queryAt(w.db, w.other.id, "2026-03-10"), w.fab.id)).toEqual([]);
    expect(customerHistory(queryAt(w.db, w.other.id, "2026-03-10"), w.nw.id).map((e) => e.action)).toEqual(["onboard"]);
    expect(customerHistory(queryAt(w.db, w.partner.id, "2026-03-10"), w.bravo.id).map((e) => e.action)).toEqual(["owner", "onboard"]);
  });
});

describe("customer list", () => {
  it("C3/A6: lists the partner's customers with active services, seats and nearest expiry; disconnected last", () => {
    const w = customerWorld();
    const gone = makeCustomer(w.db, w.partner.id, { name: "Aardvark", status: "disconnected", disconnectedOn: "2026-02-01" });
    makeAssignment(w.db, { customerId: gone.id, poolId: "dir-m365", quantity: 3, assignedOn: "2026-01-01", expiresOn: "2026-12-31", endedOn: "2026-02-01", endedReason: "disconnected" });
    const list = listCustomers(queryAt(w.db, w.partner.id, "2026-03-10"));
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => [r.name, r.status, r.services, r.seats, r.nearestExpiry])).toEqual([
      ["Bravo", "connected", 0, 0, null],
      ["Fabrikam", "connected", 2, 29, "2026-04-01"],
      ["Aardvark", "disconnected", 0, 0, null],
    ]);
    expect(listCustomers(queryAt(w.db, w.partner.id, "2026-04-02")).rows.find((r) => r.name === "Fabrikam")).toMatchObject({ services: 1, seats: 25, nearestExpiry: "2026-12-31" });
    expect(listCustomers(queryAt(w.db, w.partner.id, "2026-03-10"), { offset: 1, limit: 1 })).toMatchObject({ total: 3, rows: [expect.objectContaining({ name: "Fabrikam" })] });
  });

  it("U2: never lists another partner's customers, even when asked for their ids", () => {
    const w = customerWorld();
    const list = listCustomers(queryAt(w.db, w.partner.id, "2026-03-10"), { ids: [w.nw.id, w.fab.id] });
    expect(list).toMatchObject({ total: 1, rows: [expect.objectContaining({ name: "Fabrikam" })] });
    expect(listCustomers(queryAt(w.db, w.other.id, "2026-03-10")).rows.map((r) => r.name)).toEqual(["Northwind Client"]);
  });
});
