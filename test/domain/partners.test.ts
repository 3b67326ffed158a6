import { describe, expect, it } from "vitest";
import { addAdministrator, allocate, assign, changeSeats, changeTenantOwner, createPool, recordFeedback, removeAdministrator } from "../../domain";
import type { Actor, Ctx } from "../../domain/context";
import { clockAt, dump, makeAllocation, makeCustomer, makeCustomerUser, makePartner, makePool, makeUser, mspWorld, testDb } from "../support/factories";
import { refusal, value } from "../support/outcomes";

const M365 = "cloud-backup-for-microsoft-365";

function tier2World(day = "2026-03-01", tier2Enabled = true) {
  const db = testDb();
  const lar = makePartner(db, { name: "Trey Research LAR", kind: "lar", tier2Enabled });
  const mspA = makePartner(db, { name: "Relecloud MSP", larId: lar.id });
  const mspB = makePartner(db, { name: "Lamna MSP", larId: lar.id });
  const ctxOf = (partnerId: string): Ctx => {
    const u = makeUser(db, partnerId);
    const actor: Actor = { kind: "user", partnerId, aadObjectId: u.aadObjectId, name: u.name, role: u.role };
    return { db, clock: clockAt(day), actor };
  };
  return { db, lar, mspA, mspB, larCtx: ctxOf(lar.id), aCtx: ctxOf(mspA.id), bCtx: ctxOf(mspB.id) };
}

describe("Tier 2 (T1, T2)", () => {
  it("T1: a LAR without Tier 2 can neither hold pools nor allocate", () => {
    const w = tier2World("2026-03-01", false);
    const r = refusal(
      createPool(w.larCtx, { serviceId: M365, channel: "direct", paymentModel: "prepaid", paymentOption: "annual_upfront", start: "2026-01-01", end: "2026-12-31", quantity: 10 }),
    );
    expect(r).toMatchObject({ code: "TIER2_NOT_ENABLED", rule: "T1" });
    const p = makePool(w.db, w.lar.id);
    expect(refusal(allocate(w.larCtx, { poolId: p.id, mspId: w.mspA.id, quantity: 5 })).rule).toBe("T1");
  });

  it("T1: an MSP cannot draw on its LAR's pool while Tier 2 is off", () => {
    const w = tier2World("2026-03-01", false);
    const p = makePool(w.db, w.lar.id);
    makeAllocation(w.db, p.id, w.mspA.id, 10);
    const c = makeCustomer(w.db, w.mspA.id);
    expect(refusal(assign(w.aCtx, { customerId: c.id, poolId: p.id, quantity: 1 }))).toMatchObject({ code: "TIER2_NOT_ENABLED", rule: "T1" });
  });

  it("T2: allocations stay within the LAR's pool; MSPs assign within their allocation", () => {
    const w = tier2World();
    const p = makePool(w.db, w.lar.id, { quantity: 100 });
    expect(value(allocate(w.larCtx, { poolId: p.id, mspId: w.mspA.id, quantity: 60 })).after).toBe(60);
    expect(refusal(allocate(w.larCtx, { poolId: p.id, mspId: w.mspB.id, quantity: 41 }))).toMatchObject({ code: "ALLOCATION_EXCEEDS_POOL", rule: "T2" });
    value(allocate(w.larCtx, { poolId: p.id, mspId: w.mspB.id, quantity: 40 }));

    const ca = makeCustomer(w.db, w.mspA.id);
    const ca2 = makeCustomer(w.db, w.mspA.id);
    const cb = makeCustomer(w.db, w.mspB.id);
    value(assign(w.aCtx, { customerId: ca.id, poolId: p.id, quantity: 50 }));
    expect(refusal(assign(w.aCtx, { customerId: ca2.id, poolId: p.id, quantity: 11 }))).toMatchObject({ code: "INSUFFICIENT_CAPACITY" });
    // B's customers are bounded by B's allocation, not by what A left.
    expect(refusal(assign(w.bCtx, { customerId: cb.id, poolId: p.id, quantity: 41 })).code).toBe("INSUFFICIENT_CAPACITY");
    value(assign(w.bCtx, { customerId: cb.id, poolId: p.id, quantity: 40 }));
    expect(refusal(changeSeats(w.bCtx, { customerId: cb.id, serviceId: M365, quantity: 41 })).code).toBe("INSUFFICIENT_CAPACITY");
  });

  it("T2: seats allocated to MSPs are set aside from the LAR's own customers, and seats the LAR uses cannot be allocated", () => {
    const w = tier2World();
    const p = makePool(w.db, w.lar.id, { quantity: 10 });
    value(allocate(w.larCtx, { poolId: p.id, mspId: w.mspA.id, quantity: 6 }));
    const own = makeCustomer(w.db, w.lar.id, { name: "Trey's own customer" });
    expect(refusal(assign(w.larCtx, { customerId: own.id, poolId: p.id, quantity: 5 })).code).toBe("INSUFFICIENT_CAPACITY");
    value(assign(w.larCtx, { customerId: own.id, poolId: p.id, quantity: 4 }));
    // The MSP still gets every seat of its allocation.
    value(assign(w.aCtx, { customerId: makeCustomer(w.db, w.mspA.id).id, poolId: p.id, quantity: 6 }));
    // Nothing is left to allocate: the LAR's 4 are in use, A's 6 are allocated.
    const before = dump(w.db);
    expect(refusal(allocate(w.larCtx, { poolId: p.id, mspId: w.mspB.id, quantity: 1 }))).toMatchObject({ code: "ALLOCATION_EXCEEDS_POOL", rule: "T2" });
    expect(dump(w.db)).toEqual(before);
  });

  it("T2: a LAR may reduce an MSP's allocation only by seats the MSP has not assigned", () => {
    const w = tier2World();
    const p = makePool(w.db, w.lar.id, { quantity: 100 });
    value(allocate(w.larCtx, { poolId: p.id, mspId: w.mspA.id, quantity: 50 }));
    const c = makeCustomer(w.db, w.mspA.id);
    value(assign(w.aCtx, { customerId: c.id, poolId: p.id, quantity: 30 }));
    const r = refusal(allocate(w.larCtx, { poolId: p.id, mspId: w.mspA.id, quantity: -21 }));
    expect(r).toMatchObject({ code: "ALLOCATION_IN_USE", rule: "T2" });
    expect(r.message).toContain("at most 20");
    expect(value(allocate(w.larCtx, { poolId: p.id, mspId: w.mspA.id, quantity: -20 })).after).toBe(30);
  });

  it("T2: an MSP that is not the LAR's cannot be allocated to or draw on its pools", () => {
    const w = tier2World();
    const stranger = makePartner(w.db, { name: "Stranger MSP" });
    const p = makePool(w.db, w.lar.id);
    expect(refusal(allocate(w.larCtx, { poolId: p.id, mspId: stranger.id, quantity: 5 })).code).toBe("NOT_A_LAR_MSP");
    const u = makeUser(w.db, stranger.id);
    const ctx: Ctx = { db: w.db, clock: clockAt("2026-03-01"), actor: { kind: "user", partnerId: stranger.id, aadObjectId: u.aadObjectId, name: u.name, role: "administrator" } };
    const c = makeCustomer(w.db, stranger.id);
    expect(refusal(assign(ctx, { customerId: c.id, poolId: p.id, quantity: 1 })).code).toBe("NOT_FOUND");
    // An MSP cannot allocate.
    expect(refusal(allocate(w.aCtx, { poolId: p.id, mspId: w.mspB.id, quantity: 1 })).code).toBe("NOT_A_LAR_MSP");
  });
});

describe("administrators (U1)", () => {
  it("U1: an administrator adds an existing user to the Administrators group and removes them again", () => {
    const w = mspWorld();
    const bob = makeUser(w.db, w.partner.id, "viewer", "Bob");
    expect(value(addAdministrator(w.ctx(), { aadObjectId: bob.aadObjectId })).role).toBe("administrator");
    expect(refusal(addAdministrator(w.ctx(), { aadObjectId: bob.aadObjectId })).code).toBe("NOTHING_TO_CHANGE");
    expect(value(removeAdministrator(w.ctx(), { aadObjectId: bob.aadObjectId })).role).toBe("viewer");
    expect(refusal(addAdministrator(w.ctx(), { aadObjectId: "not-a-user" })).code).toBe("NOT_FOUND");
  });

  it("U1: the last administrator cannot be removed", () => {
    const w = mspWorld();
    const before = dump(w.db);
    expect(refusal(removeAdministrator(w.ctx(), { aadObjectId: w.admin.aadObjectId }))).toMatchObject({ code: "LAST_ADMINISTRATOR", rule: "U1" });
    expect(dump(w.db)).toEqual(before);
  });

  it("U1: viewers cannot change the group; a demoted admin loses the right at once", () => {
    const w = mspWorld();
    const bob = makeUser(w.db, w.partner.id, "administrator", "Bob");
    expect(refusal(addAdministrator(w.viewerCtx(), { aadObjectId: w.viewer.aadObjectId })).code).toBe("NOT_ADMINISTRATOR");
    value(removeAdministrator(w.ctx(), { aadObjectId: bob.aadObjectId }));
    // Bob's actor value still says administrator: the database decides.
    const bobCtx = w.ctxFor(bob);
    expect(refusal(addAdministrator(bobCtx, { aadObjectId: bob.aadObjectId })).code).toBe("NOT_ADMINISTRATOR");
  });

  it("U2: a user of another partner cannot be promoted", () => {
    const w = mspWorld();
    const other = makePartner(w.db);
    const eve = makeUser(w.db, other.id, "viewer", "Eve");
    expect(refusal(addAdministrator(w.ctx(), { aadObjectId: eve.aadObjectId })).code).toBe("NOT_FOUND");
  });
});

describe("tenant owner (C2)", () => {
  it("C2: the new owner must have the Service Administrator role", () => {
    const w = mspWorld();
    const c = makeCustomer(w.db, w.partner.id);
    makeCustomerUser(w.db, c.id, ["Service Administrator"], true, "old@fab.example");
    makeCustomerUser(w.db, c.id, ["Reader"], false, "reader@fab.example");
    makeCustomerUser(w.db, c.id, ["service administrator", "Reader"], false, "new@fab.example");
    expect(refusal(changeTenantOwner(w.ctx(), { customerId: c.id, upn: "reader@fab.example" }))).toMatchObject({ code: "OWNER_NOT_SERVICE_ADMIN", rule: "C2" });
    expect(refusal(changeTenantOwner(w.ctx(), { customerId: c.id, upn: "ghost@fab.example" })).code).toBe("NOT_FOUND");
    const r = value(changeTenantOwner(w.ctx(), { customerId: c.id, upn: "NEW@fab.example" }));
    expect(r.previous).toBe("old@fab.example");
    const owners = (dump(w.db).customer_users as { upn: string; tenant_owner: number }[]).filter((u) => u.tenant_owner);
    expect(owners.map((o) => o.upn)).toEqual(["new@fab.example"]);
  });
});

describe("feedback", () => {
  it("records feedback from any partner user, viewers included, with an audit row", () => {
    const w = mspWorld();
    value(recordFeedback(w.viewerCtx(), { text: "Please add a CSV export of the bill." }));
    const d = dump(w.db);
    expect(d.feedback).toEqual([expect.objectContaining({ text: "Please add a CSV export of the bill.", aad_object_id: w.viewer.aadObjectId })]);
    expect(d.audit_log).toEqual([expect.objectContaining({ action: "feedback" })]);
    expect(refusal(recordFeedback(w.ctx(), { text: "   " })).code).toBe("INVALID_INPUT");
    expect(refusal(recordFeedback(w.ctx(), { text: "x".repeat(4001) })).code).toBe("INVALID_INPUT");
  });
});
