import { describe, expect, it } from "vitest";
import { customerDetail, customerUsage, expiring, listCustomers, subscriptionUsage } from "../../domain/queries";
import { makeAssignment, makeCustomer, makePartner, makePool, testDb } from "../support/factories";
import { addUsage, CENSE, FLY, localDay, M365, queryAt } from "./fixtures/world";

/**
 * The same book of business held by a partner in a given time zone: a Fly pool for March, an M365
 * pool from April, a yearly Cense pool whose two assignments end on 31 March and 1 April, and a
 * customer that starts on 1 April.
 */
function zoneWorld(timeZone: string) {
  const db = testDb();
  const p = makePartner(db, { name: `MSP in ${timeZone}`, timeZone });
  makePool(db, p.id, { id: "march", serviceId: FLY, channel: "marketplace", paymentOption: "monthly", start: "2026-03-01", end: "2026-03-31", quantity: 10 });
  makePool(db, p.id, { id: "april", serviceId: M365, start: "2026-04-01", end: "2027-03-31", quantity: 50 });
  makePool(db, p.id, { id: "year", serviceId: CENSE, start: "2026-01-01", end: "2026-12-31", quantity: 30 });
  const marchCo = makeCustomer(db, p.id, { name: "March Co" });
  const aprilCo = makeCustomer(db, p.id, { name: "April Co" });
  const starter = makeCustomer(db, p.id, { name: "Starter" });
  makeAssignment(db, { customerId: marchCo.id, poolId: "year", quantity: 5, assignedOn: "2026-02-01", expiresOn: "2026-03-31" });
  makeAssignment(db, { customerId: aprilCo.id, poolId: "year", quantity: 6, assignedOn: "2026-02-01", expiresOn: "2026-04-01" });
  makeAssignment(db, { customerId: starter.id, poolId: "april", quantity: 8, assignedOn: "2026-04-01", expiresOn: "2027-03-31" });
  addUsage(db, [
    { customerId: starter.id, serviceId: M365, date: "2026-03-31", licensedUsers: 7 },
    { customerId: starter.id, serviceId: M365, date: "2026-04-01", licensedUsers: 9 },
  ]);
  return { db, p, marchCo, aprilCo, starter };
}

const byKey = (rows: ReturnType<typeof subscriptionUsage>) => Object.fromEntries(rows.map((r) => [r.key, [r.quantity, r.assigned]]));

describe("a partner far from UTC (conventions: today is the partner's day)", () => {
  // 11:00 UTC on 31 March is 01:00 on 1 April in Kiritimati (UTC+14).
  const instant = "2026-03-31T11:00:00Z";

  it("P7/A10: in Pacific/Kiritimati (UTC+14) 'today' is already 1 April, which changes what is active", () => {
    expect([localDay(instant, "Pacific/Kiritimati"), localDay(instant, "UTC")]).toEqual(["2026-04-01", "2026-03-31"]);
    const kiri = zoneWorld("Pacific/Kiritimati");
    const utc = zoneWorld("UTC");
    const kq = queryAt(kiri.db, kiri.p.id, instant);
    const uq = queryAt(utc.db, utc.p.id, instant);
    expect([kq.today, uq.today]).toEqual(["2026-04-01", "2026-03-31"]);
    // P7/P9: the March Fly pool is over in Kiritimati, the April pool has begun; the 31 March assignment is gone.
    expect(byKey(subscriptionUsage(kq))).toEqual({ march: [0, 0], april: [50, 8], year: [30, 6] });
    expect(byKey(subscriptionUsage(uq))).toEqual({ march: [10, 0], april: [0, 0], year: [30, 11] });
    expect(listCustomers(kq).rows.map((r) => [r.name, r.services])).toEqual([
      ["April Co", 1],
      ["March Co", 0],
      ["Starter", 1],
    ]);
    expect(listCustomers(uq).rows.map((r) => [r.name, r.services])).toEqual([
      ["April Co", 1],
      ["March Co", 1],
      ["Starter", 0],
    ]);
    expect(customerDetail(kq, kiri.marchCo.id)!.recentlyEnded).toEqual([{ serviceName: "Cense", poolId: "year", lastDay: "2026-03-31", reason: "expired" }]);
    expect(customerDetail(uq, utc.marchCo.id)!.services.map((s) => s.daysLeft)).toEqual([0]);
  });

  it("A10: in Pacific/Kiritimati expiring counts days from the partner's today", () => {
    const kiri = zoneWorld("Pacific/Kiritimati");
    const utc = zoneWorld("UTC");
    const brief = (items: ReturnType<typeof expiring>) => items.map((i) => [i.kind, i.kind === "pool" ? i.id : i.customerName, i.expiresOn, i.daysLeft]);
    expect(brief(expiring(queryAt(kiri.db, kiri.p.id, instant), 0))).toEqual([["assignment", "April Co", "2026-04-01", 0]]);
    expect(brief(expiring(queryAt(utc.db, utc.p.id, instant), 1))).toEqual([
      ["pool", "march", "2026-03-31", 0],
      ["assignment", "March Co", "2026-03-31", 0],
      ["assignment", "April Co", "2026-04-01", 1],
    ]);
  });

  it("B2: in Pacific/Kiritimati today's usage is 1 April's, with its own measurement, and changes count from 1 April", () => {
    const kiri = zoneWorld("Pacific/Kiritimati");
    const kq = queryAt(kiri.db, kiri.p.id, instant);
    const today = customerUsage(kq, { period: { kind: "today" }, customerId: kiri.starter.id });
    expect(today.label).toBe("Today, 1 April 2026");
    expect(today.lines.map((l) => [l.assigned, l.consumed, l.measuredOn, l.over, l.assignedChange, l.consumedChange])).toEqual([[8, 9, "2026-04-01", 1, 0, 0]]);
    const utc = zoneWorld("UTC");
    expect(customerUsage(queryAt(utc.db, utc.p.id, instant), { period: { kind: "today" }, customerId: utc.starter.id }).lines).toEqual([]);
  });

  it("P7/A10: in Pacific/Pago_Pago (UTC-11), when UTC has reached 1 April, the partner is still on 31 March", () => {
    const later = "2026-04-01T05:00:00Z";
    const pago = zoneWorld("Pacific/Pago_Pago");
    const utc = zoneWorld("UTC");
    const pq = queryAt(pago.db, pago.p.id, later);
    expect(pq.today).toBe("2026-03-31");
    expect(byKey(subscriptionUsage(pq))).toEqual({ march: [10, 0], april: [0, 0], year: [30, 11] });
    expect(byKey(subscriptionUsage(queryAt(utc.db, utc.p.id, later)))).toEqual({ march: [0, 0], april: [50, 8], year: [30, 6] });
    expect(expiring(pq, 0).map((i) => i.kind === "pool" ? i.id : i.customerName)).toEqual(["march", "March Co"]);
  });
});
