import { describe, expect, it } from "vitest";
import { assign } from "../../domain";
import { refusal, value } from "../support/outcomes";
import { dump, makeAssignment, makeCustomer, makeLicense, makePartner, makePool, makeUser, mspWorld } from "../support/factories";

const M365 = "cloud-backup-for-microsoft-365";

describe("assign: expirations (A3, A4)", () => {
  it("A3: a direct prepaid assignment expires with the contract (Jan 2 and Sep 30 both end Dec 31)", () => {
    for (const day of ["2026-01-02", "2026-09-30"]) {
      const w = mspWorld(day);
      const c = makeCustomer(w.db, w.partner.id);
      const p = makePool(w.db, w.partner.id, { start: "2026-01-01", end: "2026-12-31" });
      const a = value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5 })).assignment;
      expect(a).toMatchObject({ assignedOn: day, expiresOn: "2026-12-31", quantity: 5 });
    }
  });

  it.each([
    ["marketplace", "monthly"],
    ["off_marketplace", "annual_upfront"],
  ] as const)("A3: a %s assignment defaults to 31 days", (channel, paymentOption) => {
    const w = mspWorld("2026-03-10");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel, paymentOption, start: "2026-01-01", end: "2026-12-31" });
    const a = value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5 })).assignment;
    expect(a.expiresOn).toBe("2026-04-10");
  });

  it("A3: a PAYG assignment defaults to 31 days", () => {
    const w = mspWorld("2026-03-10");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { paymentModel: "payg", paymentOption: "monthly", quantity: null, end: "2026-03-31" });
    // The PAYG term rolls monthly: the default is capped at the pool's end.
    expect(value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 500 })).assignment.expiresOn).toBe("2026-03-31");
  });

  it("A4: a pool ending within 31 days still assigns, expiring with the pool, and says so", () => {
    const w = mspWorld("2026-12-15");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apm", end: "2026-12-31" });
    const r = value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5 }));
    expect(r.assignment.expiresOn).toBe("2026-12-31");
    expect(r.endsWithPool).toBe(true);
  });

  it("A4: an explicit expiration on day 30 is refused, day 31 accepted", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu" });
    const early = refusal(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5, expiresOn: "2026-03-31" }));
    expect(early).toMatchObject({ code: "EXPIRATION_TOO_EARLY", rule: "A4" });
    expect(early.message).toContain("2026-04-01");
    expect(value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5, expiresOn: "2026-04-01" })).assignment.expiresOn).toBe("2026-04-01");
  });

  it("A4: an expiration after the pool's end is refused, naming the end", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", end: "2026-12-31" });
    const r = refusal(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5, expiresOn: "2027-01-01" }));
    expect(r).toMatchObject({ code: "EXPIRATION_AFTER_POOL_END", rule: "A4" });
    expect(r.message).toContain("2026-12-31");
  });
});

describe("assign: sources and payment models (A1, A2, A8)", () => {
  it("A1: a second source for the same service is refused; another service is fine", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p1 = makePool(w.db, w.partner.id);
    const p2 = makePool(w.db, w.partner.id, { channel: "off_marketplace" });
    const p3 = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving" });
    value(assign(w.ctx(), { customerId: c.id, poolId: p1.id, quantity: 5 }));
    expect(refusal(assign(w.ctx(), { customerId: c.id, poolId: p2.id, quantity: 5 }))).toMatchObject({ code: "ALREADY_ASSIGNED", rule: "A1" });
    expect(assign(w.ctx(), { customerId: c.id, poolId: p3.id, quantity: 5 }).ok).toBe(true);
  });

  it("A1: once the first assignment has expired, the service can be assigned again", () => {
    const w = mspWorld("2026-05-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu" });
    makeAssignment(w.db, { customerId: c.id, poolId: p.id, assignedOn: "2026-02-01", expiresOn: "2026-04-30" });
    expect(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5 }).ok).toBe(true);
  });

  it("A2: a customer on prepaid cannot take a PAYG pool, and the other way round", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const d = makeCustomer(w.db, w.partner.id);
    const prepaid = makePool(w.db, w.partner.id);
    const payg = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving", paymentModel: "payg", paymentOption: "monthly", quantity: null });
    const prepaid2 = makePool(w.db, w.partner.id, { serviceId: "cloud-archiving" });
    value(assign(w.ctx(), { customerId: c.id, poolId: prepaid.id, quantity: 5 }));
    expect(refusal(assign(w.ctx(), { customerId: c.id, poolId: payg.id, quantity: 5 }))).toMatchObject({ code: "PAYMENT_MODEL_MIXED", rule: "A2" });
    value(assign(w.ctx(), { customerId: d.id, poolId: payg.id, quantity: 5 }));
    expect(refusal(assign(w.ctx(), { customerId: d.id, poolId: prepaid.id, quantity: 5 }))).toMatchObject({ code: "PAYMENT_MODEL_MIXED" });
    expect(assign(w.ctx(), { customerId: c.id, poolId: prepaid2.id, quantity: 5 }).ok).toBe(true);
  });

  it("A8: an active CMP or Enterprise license blocks a new pooled assignment, with the reason; after it ends the pool can serve", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    makeLicense(w.db, c.id, M365, "enterprise", "2026-01-01", "2026-03-31");
    const r = refusal(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 5 }));
    expect(r).toMatchObject({ code: "LICENSE_PRECEDENCE", rule: "A8" });
    expect(r.message).toMatch(/Enterprise license .* until 2026-03-31/);
    expect(assign(w.ctx("2026-04-01"), { customerId: c.id, poolId: p.id, quantity: 5 }).ok).toBe(true);
  });
});

describe("assign: pool term and capacity (P7, P8, P9)", () => {
  it("P7: no assignment before a pool starts, after it ends, or from a canceled pool", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const future = makePool(w.db, w.partner.id, { start: "2026-04-01", end: "2027-03-31" });
    const ended = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "monthly", start: "2026-01-01", end: "2026-02-28" });
    const canceled = makePool(w.db, w.partner.id, { channel: "off_marketplace", canceledOn: "2026-02-15", distributorOrderId: "ord-1" });
    expect(refusal(assign(w.ctx(), { customerId: c.id, poolId: future.id, quantity: 1 }))).toMatchObject({ code: "POOL_NOT_IN_TERM", rule: "P7" });
    expect(refusal(assign(w.ctx(), { customerId: c.id, poolId: ended.id, quantity: 1 })).message).toContain("ended on 2026-02-28");
    expect(refusal(assign(w.ctx(), { customerId: c.id, poolId: canceled.id, quantity: 1 }))).toMatchObject({ code: "POOL_CANCELED", rule: "P7" });
    expect(assign(w.ctx("2026-04-01"), { customerId: c.id, poolId: future.id, quantity: 1 }).ok).toBe(true);
  });

  it("P8: the last seat can be taken, one more cannot", () => {
    const w = mspWorld("2026-03-01");
    const [a, b, c] = [1, 2, 3].map(() => makeCustomer(w.db, w.partner.id));
    const p = makePool(w.db, w.partner.id, { quantity: 10 });
    value(assign(w.ctx(), { customerId: a!.id, poolId: p.id, quantity: 9 }));
    expect(refusal(assign(w.ctx(), { customerId: b!.id, poolId: p.id, quantity: 2 }))).toMatchObject({ code: "INSUFFICIENT_CAPACITY", rule: "P8" });
    expect(assign(w.ctx(), { customerId: b!.id, poolId: p.id, quantity: 1 }).ok).toBe(true);
    const last = refusal(assign(w.ctx(), { customerId: c!.id, poolId: p.id, quantity: 1 }));
    expect(last.message).toContain("Only 0 seats are left");
  });

  it("P8: a PAYG pool has no fixed quantity", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id, { paymentModel: "payg", paymentOption: "monthly", quantity: null });
    expect(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 100_000 }).ok).toBe(true);
  });

  it("P9: two marketplace pools of one service are one pool: capacity is their sum and an expiration can reach the later end", () => {
    const w = mspWorld("2026-03-01");
    const [a, b] = [1, 2].map(() => makeCustomer(w.db, w.partner.id));
    const p1 = makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "apu", quantity: 10, end: "2026-06-30" });
    makePool(w.db, w.partner.id, { channel: "marketplace", paymentOption: "monthly", quantity: 5, end: "2026-09-30" });
    const r = value(assign(w.ctx(), { customerId: a!.id, poolId: p1.id, quantity: 12, expiresOn: "2026-09-30" }));
    expect(r.sourceKey).toBe(`merged:${w.partner.id}:${M365}`);
    expect(refusal(assign(w.ctx(), { customerId: b!.id, poolId: p1.id, quantity: 4 }))).toMatchObject({ code: "INSUFFICIENT_CAPACITY" });
    expect(assign(w.ctx(), { customerId: b!.id, poolId: p1.id, quantity: 3 }).ok).toBe(true);
  });

  it("P9: Fly marketplace pools are never merged: each keeps its own capacity", () => {
    const w = mspWorld("2026-03-01");
    const [a] = [1].map(() => makeCustomer(w.db, w.partner.id));
    const fly = { serviceId: "fly-aviator", channel: "marketplace" as const, paymentOption: "apu" as const };
    const f1 = makePool(w.db, w.partner.id, { ...fly, quantity: 10 });
    makePool(w.db, w.partner.id, { ...fly, quantity: 10 });
    const r = refusal(assign(w.ctx(), { customerId: a!.id, poolId: f1.id, quantity: 15 }));
    expect(r).toMatchObject({ code: "INSUFFICIENT_CAPACITY" });
    expect(value(assign(w.ctx(), { customerId: a!.id, poolId: f1.id, quantity: 10 })).sourceKey).toBe(f1.id);
  });
});

describe("assign: who may (U1, U2)", () => {
  it("U1: a viewer cannot assign, and nothing is written", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    const before = dump(w.db);
    expect(refusal(assign(w.viewerCtx(), { customerId: c.id, poolId: p.id, quantity: 5 }))).toMatchObject({ code: "NOT_ADMINISTRATOR", rule: "U1" });
    expect(dump(w.db)).toEqual(before);
  });

  it("U2: another partner's customer or pool is not found, and nothing is written", () => {
    const w = mspWorld("2026-03-01");
    const other = makePartner(w.db, { name: "Other MSP" });
    makeUser(w.db, other.id);
    const mine = makeCustomer(w.db, w.partner.id);
    const theirs = makeCustomer(w.db, other.id, { name: "Their Customer" });
    const myPool = makePool(w.db, w.partner.id);
    const theirPool = makePool(w.db, other.id);
    const before = dump(w.db);
    const r1 = refusal(assign(w.ctx(), { customerId: theirs.id, poolId: myPool.id, quantity: 1 }));
    expect(r1).toMatchObject({ code: "NOT_FOUND", rule: "U2" });
    expect(r1.message).not.toContain("Their Customer");
    expect(refusal(assign(w.ctx(), { customerId: mine.id, poolId: theirPool.id, quantity: 1 }))).toMatchObject({ code: "NOT_FOUND" });
    expect(dump(w.db)).toEqual(before);
  });

  it("refuses malformed input with the field named, writing nothing", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    const before = dump(w.db);
    for (const [input, field] of [
      [{ customerId: c.id, poolId: p.id, quantity: 0 }, "quantity"],
      [{ customerId: c.id, poolId: p.id, quantity: 2.5 }, "quantity"],
      [{ customerId: c.id, poolId: p.id, quantity: -3 }, "quantity"],
      [{ customerId: c.id, poolId: p.id, quantity: 1e12 }, "quantity"],
      [{ customerId: c.id, poolId: p.id, quantity: "5" }, "quantity"],
      [{ customerId: c.id, poolId: p.id, quantity: 5, expiresOn: "2026-02-30" }, "expiresOn"],
      [{ customerId: "", poolId: p.id, quantity: 5 }, "customerId"],
    ] as const) {
      const r = refusal(assign(w.ctx(), input as never));
      expect(r.code).toBe("INVALID_INPUT");
      expect(r.message).toContain(field);
    }
    expect(dump(w.db)).toEqual(before);
  });

  it("writes the assignment, its first quantity and one audit row naming the actor", () => {
    const w = mspWorld("2026-03-01");
    const c = makeCustomer(w.db, w.partner.id);
    const p = makePool(w.db, w.partner.id);
    const a = value(assign(w.ctx(), { customerId: c.id, poolId: p.id, quantity: 7 })).assignment;
    const d = dump(w.db);
    expect(d.assignments).toHaveLength(1);
    expect(d.assignment_quantities).toEqual([expect.objectContaining({ assignment_id: a.id, quantity: 7, effective_on: "2026-03-01" })]);
    expect(d.audit_log).toEqual([expect.objectContaining({ action: "assign", actor_id: w.admin.aadObjectId, customer_id: c.id, entity_id: a.id })]);
  });
});
