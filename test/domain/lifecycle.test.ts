import { describe, expect, it } from "vitest";
import { applyLicense, assign, changeSeats, disconnect, extend, extendAll, onboard, renewPool, switchPool } from "../../domain";
import { dump, makeAssignment, makeCustomer, makePartner, makePool, makeUser, mspWorld } from "../support/factories";
import { refusal, value } from "../support/outcomes";

const M365 = "cloud-backup-for-microsoft-365";
const FLY = "fly-aviator";

describe("extend (A4, A11)", () => {
  it("A4: an edited expiration is at least 31 days from the initial assignment, never after the pool's end", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", end: "2026-12-31" });
    value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5 }));
    expect(refusal(extend(w.ctx("2026-03-10"), { customerId: c.id, serviceId: M365, expiresOn: "2026-03-31" }))).toMatchObject({ code: "EXPIRATION_TOO_EARLY", rule: "A4" });
    expect(refusal(extend(w.ctx("2026-03-10"), { customerId: c.id, serviceId: M365, expiresOn: "2027-01-01" }))).toMatchObject({ code: "EXPIRATION_AFTER_POOL_END" });
    expect(value(extend(w.ctx("2026-03-10"), { customerId: c.id, serviceId: M365, expiresOn: "2026-12-31" })).after.expiresOn).toBe("2026-12-31");
  });

  it("A4: an expiration in the past is refused", () => {
    const w = mspWorld("2026-06-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu" });
    makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-07-01" });
    expect(refusal(extend(w.ctx(), { customerId: c.id, serviceId: M365, expiresOn: "2026-05-01" })).code).toBe("EXPIRATION_IN_PAST");
  });

  it("A11: a renewed pool keeps its assignments' expirations until an admin extends them, all at once", () => {
    const w = mspWorld("2026-03-20");
    const [a, b, young] = [1, 2, 3].map(() => makeCustomer(w.db, w.partner.id));
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "monthly", start: "2026-01-01", end: "2026-03-31" });
    const a1 = makeAssignment(w.db, { customerId: a!.id, poolId: p.id, assignedOn: "2026-01-10", expiresOn: "2026-03-31" });
    const a2 = makeAssignment(w.db, { customerId: b!.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-03-31" });
    const a3 = makeAssignment(w.db, { customerId: young!.id, poolId: p.id, assignedOn: "2026-03-15", expiresOn: "2026-03-31" });
    value(renewPool(w.ctx(), { poolId: p.id, end: "2026-04-30" }));
    expect(dump(w.db).assignments!.map((r) => (r as { expires_on: string }).expires_on)).toEqual(["2026-03-31", "2026-03-31", "2026-03-31"]);

    const r = value(extendAll(w.ctx(), { poolId: p.id, to: "end" }));
    expect(r.expiresOn).toBe("2026-04-30");
    expect(r.extended.map((e) => e.after.id).sort()).toEqual([a1.id, a2.id, a3.id].sort());
    // Extending to a date within a young assignment's first 31 days skips it, saying why.
    const w2 = value(renewPool(w.ctx(), { poolId: p.id, end: "2026-05-31" }));
    expect(w2.end).toBe("2026-05-31");
    const r2 = value(extendAll(w.ctx(), { poolId: p.id, to: "2026-05-10" }));
    expect(r2.extended).toHaveLength(3);
    const r3 = refusal(extendAll(w.ctx(), { poolId: p.id, to: "2026-06-30" }));
    expect(r3).toMatchObject({ code: "EXPIRATION_AFTER_POOL_END", rule: "A4" });
  });

  it("A11: extend all skips assignments a date would put inside their first 31 days", () => {
    const w = mspWorld("2026-03-20");
    const [a, young] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "monthly", start: "2026-01-01", end: "2026-06-30" });
    makeAssignment(w.db, { customerId: a!.id, poolId: p.id, assignedOn: "2026-01-10", expiresOn: "2026-03-31" });
    const y = makeAssignment(w.db, { customerId: young!.id, poolId: p.id, assignedOn: "2026-03-15", expiresOn: "2026-04-15" });
    const r = value(extendAll(w.ctx(), { poolId: p.id, to: "2026-04-10" }));
    expect(r.extended).toHaveLength(1);
    expect(r.skipped).toEqual([expect.objectContaining({ assignment: expect.objectContaining({ id: y.id }) })]);
  });
});

describe("switch (A7)", () => {
  it("A7: refused on day 30 with the date, allowed on day 31; seats go back to the original pool", () => {
    const w = mspWorld("2026-03-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const direct = makePool(w.db, w.partner.id, { quantity: 10 });
    const market = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", quantity: 10 });
    value(assign(w.ctx(), { customerId: c!.id, poolId: direct.id, quantity: 10 }));
    const early = refusal(switchPool(w.ctx("2026-03-31"), { customerId: c!.id, serviceId: M365, toPoolId: market.id }));
    expect(early).toMatchObject({ code: "SWITCH_TOO_EARLY", rule: "A7", allowedFrom: "2026-04-01" });
    const r = value(switchPool(w.ctx("2026-04-01"), { customerId: c!.id, serviceId: M365, toPoolId: market.id }));
    expect(r.ended).toMatchObject({ endedOn: "2026-04-01", endedReason: "switched" });
    expect(r.assignment).toMatchObject({ poolId: market.id, quantity: 10, assignedOn: "2026-04-01", expiresOn: "2026-05-02" });
    // The direct pool's 10 seats are free again.
    expect(assign(w.ctx("2026-04-01"), { customerId: d!.id, poolId: direct.id, quantity: 10 }).ok).toBe(true);
  });

  it("A7: the new pool's capacity, term and service are checked; the same source is refused", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const direct = makePool(w.db, w.partner.id);
    const small = makePool(w.db, w.partner.id, { channel: "off_marketplace", quantity: 2 });
    const other = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving" });
    makeAssignment(w.db, { customerId: c.id, poolId: direct.id, assignedOn: "2026-02-01", quantity: 5 });
    expect(refusal(switchPool(w.ctx(), { customerId: c.id, serviceId: M365, toPoolId: small.id })).code).toBe("INSUFFICIENT_CAPACITY");
    expect(refusal(switchPool(w.ctx(), { customerId: c.id, serviceId: M365, toPoolId: other.id })).code).toBe("SWITCH_INVALID");
    expect(refusal(switchPool(w.ctx(), { customerId: c.id, serviceId: M365, toPoolId: direct.id })).code).toBe("SWITCH_INVALID");
    // Nothing ended by the refused attempts.
    expect(dump(w.db).assignments).toEqual([expect.objectContaining({ ended_on: null })]);
  });

  it("A7 with A9: switching a Fly assignment leaves its seats consumed in the original pool", () => {
    const w = mspWorld("2026-05-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const f1 = makePool(w.db, w.partner.id, { serviceId: FLY, quantity: 10 });
    const f2 = makePool(w.db, w.partner.id, { serviceId: FLY, channel: "marketplace", paymentOption: "apu", quantity: 10 });
    makeAssignment(w.db, { customerId: c!.id, poolId: f1.id, assignedOn: "2026-02-01", quantity: 10 });
    value(switchPool(w.ctx(), { customerId: c!.id, serviceId: FLY, toPoolId: f2.id }));
    expect(refusal(assign(w.ctx(), { customerId: d!.id, poolId: f1.id, quantity: 1 })).code).toBe("INSUFFICIENT_CAPACITY");
  });
});

describe("disconnect (A6, A9, C3)", () => {
  it("A6: refused within the initial 31 days of any active assignment, naming the day it becomes possible", () => {
    const w = mspWorld("2026-03-20");
    const c = makeCustomer(w.db, w.partner.id, { name: "Fabrikam" });
    const p = makePool(w.db, w.partner.id);
    const q = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving" });
    makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-01-10" });
    makeAssignment(w.db, { customerId: c.id, poolId: q.id, assignedOn: "2026-03-01" });
    const before = dump(w.db);
    const r = refusal(disconnect(w.ctx("2026-03-31"), { customerId: c.id }));
    expect(r).toMatchObject({ code: "DISCONNECT_TOO_EARLY", rule: "A6", allowedFrom: "2026-04-01" });
    expect(r.message).toContain("Fabrikam");
    expect(dump(w.db)).toEqual(before);
    expect(disconnect(w.ctx("2026-04-01"), { customerId: c.id }).ok).toBe(true);
  });

  it("C3: after a disconnect the seats go back, the customer is disconnected and another partner can onboard its tenant", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id, { m365TenantId: "tenant-fab" });
    const d = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { quantity: 10 });
    makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-02-01", quantity: 10 });
    const other = makePartner(w.db, { name: "Other MSP" });
    const otherAdmin = makeUser(w.db, other.id);
    const otherCtx = w.ctxFor(otherAdmin);
    otherCtx.actor = { ...otherCtx.actor, partnerId: other.id } as typeof otherCtx.actor;
    expect(refusal(onboard(otherCtx, { name: "Fabrikam", m365TenantId: "tenant-fab", services: [] }))).toMatchObject({ code: "TENANT_ALREADY_CONNECTED", rule: "A6" });

    const r = value(disconnect(w.ctx(), { customerId: c.id }));
    expect(r.customer).toMatchObject({ status: "disconnected", disconnectedOn: "2026-05-01" });
    expect(r.ended).toEqual([expect.objectContaining({ endedOn: "2026-05-01", endedReason: "disconnected" })]);
    expect(assign(w.ctx(), { customerId: d.id, poolId: p.id, quantity: 10 }).ok).toBe(true);
    expect(refusal(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 1 })).code).toBe("CUSTOMER_DISCONNECTED");
    expect(value(onboard(otherCtx, { name: "Fabrikam", m365TenantId: "tenant-fab", services: [] })).customer.partnerId).toBe(other.id);
  });

  it("A9: a disconnected customer's Fly seats are not returned", () => {
    const w = mspWorld("2026-05-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const f = makePool(w.db, w.partner.id, { serviceId: FLY, quantity: 10 });
    makeAssignment(w.db, { customerId: c!.id, poolId: f.id, assignedOn: "2026-02-01", quantity: 10 });
    value(disconnect(w.ctx(), { customerId: c!.id }));
    expect(refusal(assign(w.ctx(), { customerId: d!.id, poolId: f.id, quantity: 1 })).code).toBe("INSUFFICIENT_CAPACITY");
  });
});

describe("license precedence (A8)", () => {
  it("A8: a CMP license supersedes the pooled assignment; non-Fly seats return to the pool", () => {
    const w = mspWorld("2026-05-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const p = makePool(w.db, w.partner.id, { quantity: 10 });
    makeAssignment(w.db, { customerId: c!.id, poolId: p.id, assignedOn: "2026-04-20", quantity: 10 });
    const r = value(applyLicense(w.ctx(), { customerId: c!.id, serviceId: M365, type: "cmp", end: "2027-04-30" }));
    expect(r.superseded).toMatchObject({ endedOn: "2026-05-01", endedReason: "superseded" });
    expect(assign(w.ctx(), { customerId: d!.id, poolId: p.id, quantity: 10 }).ok).toBe(true);
  });

  it("A8 with A9: a superseded Fly assignment's seats stay consumed", () => {
    const w = mspWorld("2026-05-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const f = makePool(w.db, w.partner.id, { serviceId: FLY, quantity: 10 });
    makeAssignment(w.db, { customerId: c!.id, poolId: f.id, assignedOn: "2026-02-01", quantity: 10 });
    value(applyLicense(w.ctx(), { customerId: c!.id, serviceId: FLY, type: "enterprise", end: "2027-04-30" }));
    expect(refusal(assign(w.ctx(), { customerId: d!.id, poolId: f.id, quantity: 1 })).code).toBe("INSUFFICIENT_CAPACITY");
  });
});

describe("expiry (A10)", () => {
  it("A10: an assignment is expired from the day after expiresOn: its seats return, with no job run", () => {
    const w = mspWorld("2026-04-30");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", quantity: 10 });
    makeAssignment(w.db, { customerId: c!.id, poolId: p.id, assignedOn: "2026-03-01", expiresOn: "2026-04-30", quantity: 10 });
    expect(refusal(assign(w.ctx("2026-04-30"), { customerId: d!.id, poolId: p.id, quantity: 1 })).code).toBe("INSUFFICIENT_CAPACITY");
    expect(assign(w.ctx("2026-05-01"), { customerId: d!.id, poolId: p.id, quantity: 10 }).ok).toBe(true);
    expect(refusal(changeSeats(w.ctx("2026-05-01"), { customerId: c!.id, serviceId: M365, quantity: 3 })).code).toBe("ASSIGNMENT_NOT_ACTIVE");
  });

  it("A10 with A9: an expired Fly assignment keeps its seats consumed", () => {
    const w = mspWorld("2026-05-01");
    const [c, d] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const f = makePool(w.db, w.partner.id, { serviceId: FLY, channel: "marketplace", paymentOption: "apu", quantity: 10 });
    makeAssignment(w.db, { customerId: c!.id, poolId: f.id, assignedOn: "2026-03-01", expiresOn: "2026-04-30", quantity: 10 });
    expect(refusal(assign(w.ctx(), { customerId: d!.id, poolId: f.id, quantity: 1 })).code).toBe("INSUFFICIENT_CAPACITY");
  });
});

describe("onboard (C1)", () => {
  it("C1: onboards a customer with its services and sources in one go", () => {
    const w = mspWorld("2026-03-01");
    const p = makePool(w.db, w.partner.id);
    const q = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving", channel: "direct" });
    const r = value(
      onboard(w.ctx(), {
        name: "Northwind Traders",
        m365TenantId: "nw-tenant",
        services: [{ poolId: p.id, quantity: 25 }, { poolId: q.id, quantity: 10 }],
        tenantOwner: { upn: "ceo@northwind.example", name: "Nancy Davolio" },
      }),
    );
    expect(r.customer).toMatchObject({ name: "Northwind Traders", onboardedOn: "2026-03-01", status: "connected" });
    expect(r.assignments.map((a) => a.quantity)).toEqual([25, 10]);
    expect(dump(w.db).customer_users).toEqual([expect.objectContaining({ upn: "ceo@northwind.example", tenant_owner: 1 })]);
  });

  it("C1: all or nothing: a refused service leaves no customer behind", () => {
    const w = mspWorld("2026-03-01");
    const p = makePool(w.db, w.partner.id, { quantity: 10 });
    const before = dump(w.db);
    const r = refusal(onboard(w.ctx(), { name: "Northwind", m365TenantId: "nw", services: [{ poolId: p.id, quantity: 5 }, { poolId: p.id, quantity: 5 }] }));
    expect(r).toMatchObject({ code: "ALREADY_ASSIGNED", rule: "A1" });
    expect(dump(w.db)).toEqual(before);
  });
});
