import { describe, expect, it } from "vitest";
import { assign, changeSeats } from "../../domain";
import { dump, makeAssignment, makeCustomer, makePool, mspWorld } from "../support/factories";
import { refusal, value } from "../support/outcomes";

const M365 = "cloud-backup-for-microsoft-365";

describe("seats (A5, P8)", () => {
  it("A5: refuses a seat reduction on day 30 with the date it lifts, allows it on day 31", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id, { name: "Fabrikam" });
    const p = makePool(w.db, w.partner.id);
    value(assign(w.ctx("2026-03-01"), { customerId: c.id, poolId: p.id, quantity: 20 }));
    const before = dump(w.db);
    const r = refusal(changeSeats(w.ctx("2026-03-31"), { customerId: c.id, serviceId: M365, quantity: 10 }));
    expect(r).toMatchObject({ code: "SEAT_REDUCTION_TOO_EARLY", rule: "A5", allowedFrom: "2026-04-01" });
    expect(r.message).toContain("from 2026-04-01");
    expect(dump(w.db)).toEqual(before);
    expect(value(changeSeats(w.ctx("2026-04-01"), { customerId: c.id, serviceId: M365, quantity: 10 })).after.quantity).toBe(10);
  });

  it("A5: increases are allowed at any time, within capacity (P8)", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const d = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { quantity: 30 });
    value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 10 }));
    value(assign(w.ctx(), { customerId: d.id, poolId: p.id, quantity: 10 }));
    expect(value(changeSeats(w.ctx("2026-03-02"), { customerId: c.id, serviceId: M365, quantity: 20 })).after.quantity).toBe(20);
    const r = refusal(changeSeats(w.ctx("2026-03-02"), { customerId: c.id, serviceId: M365, quantity: 21 }));
    expect(r).toMatchObject({ code: "INSUFFICIENT_CAPACITY", rule: "P8" });
    expect(r.message).toContain("Only 0 more seats");
  });

  it("A5: the 31 days count in the partner's time zone", () => {
    // 2026-04-01 01:00 in Auckland is still 2026-03-31 in UTC: the reduction is allowed there.
    const w = mspWorld("2026-03-01", { timeZone: "Pacific/Auckland" });
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-03-01", quantity: 20 });
    const at = "2026-03-31T12:30:00Z"; // 2026-04-01 01:30 NZDT
    expect(changeSeats(w.ctx(at), { customerId: c.id, serviceId: M365, quantity: 10 }).ok).toBe(true);

    const u = mspWorld("2026-03-01", { timeZone: "America/Los_Angeles" });
    const c2 = makeCustomer(u.db, u.partner.id);
    const p2 = makePool(u.db, u.partner.id);
    makeAssignment(u.db, { customerId: c2.id, poolId: p2.id, assignedOn: "2026-03-01", quantity: 20 });
    // 2026-04-01 03:00 UTC is still 2026-03-31 in Los Angeles: refused.
    expect(refusal(changeSeats(u.ctx("2026-04-01T03:00:00Z"), { customerId: c2.id, serviceId: M365, quantity: 10 })).allowedFrom).toBe("2026-04-01");
  });

  it("refuses an unchanged quantity and a customer without the service", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 10 }));
    expect(refusal(changeSeats(w.ctx(), { customerId: c.id, serviceId: M365, quantity: 10 })).code).toBe("NOTHING_TO_CHANGE");
    expect(refusal(changeSeats(w.ctx(), { customerId: c.id, serviceId: "cloud-archiving", quantity: 10 })).code).toBe("ASSIGNMENT_NOT_ACTIVE");
  });

  it("A9: a Fly reduction after 31 days frees nothing: consumed seats stay consumed", () => {
    const w = mspWorld("2026-03-01");
    const [a, b] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const p = makePool(w.db, w.partner.id, { serviceId: "fly-aviator", quantity: 20 });
    value(assign(w.ctx("2026-03-01"), { customerId: a!.id, poolId: p.id, quantity: 20 }));
    value(changeSeats(w.ctx("2026-04-05"), { customerId: a!.id, serviceId: "fly-aviator", quantity: 5 }));
    expect(refusal(assign(w.ctx("2026-04-05"), { customerId: b!.id, poolId: p.id, quantity: 1 }))).toMatchObject({ code: "INSUFFICIENT_CAPACITY" });
    // Going back up to the peak consumes nothing new.
    expect(changeSeats(w.ctx("2026-04-06"), { customerId: a!.id, serviceId: "fly-aviator", quantity: 20 }).ok).toBe(true);
  });

  it("records each quantity with the day it took effect, and an audit row with before and after", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    const a = value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 10 })).assignment;
    value(changeSeats(w.ctx("2026-03-05"), { customerId: c.id, serviceId: M365, quantity: 15 }));
    const d = dump(w.db);
    expect(d.assignment_quantities).toEqual([
      expect.objectContaining({ assignment_id: a.id, quantity: 10, effective_on: "2026-03-01" }),
      expect.objectContaining({ assignment_id: a.id, quantity: 15, effective_on: "2026-03-05", reason: "seats" }),
    ]);
    const audit = d.audit_log!.at(-1) as { action: string; before: string; after: string };
    expect(audit.action).toBe("seats");
    expect(JSON.parse(audit.before).quantity).toBe(10);
    expect(JSON.parse(audit.after).quantity).toBe(15);
  });
});
